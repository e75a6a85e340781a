import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Where the CPU goes: reads the async-profiler CPU profiles (collapsed stacks, a sample every so many
 * milliseconds of CPU) of the three services in two configurations, and prints a Markdown table of CPU
 * milliseconds per checkout by component, configuration B against A (bench/run.sh with PROFILE=1).
 * <p>
 * A sample belongs to the component of its innermost library frame (JDK and JVM frames are skipped, so a
 * {@code HashMap.put} called by the OpenTelemetry SDK counts as the SDK's). JIT compiler and GC threads are
 * components of their own: they are where extra code and extra allocation cost show up.
 * <pre>java bench/Attribution.java &lt;B dir&gt; &lt;A dir&gt; &lt;milliseconds per sample&gt; [B name] [A name]</pre>
 * Each directory holds {@code <service>.collapsed} files and a {@code checkouts} file with the number of
 * checkouts the profiles cover.
 */
public class Attribution {

    /** First match wins, innermost library frame first. Telemetry components before the application's. */
    private static final Map<String, Pattern> COMPONENTS = new LinkedHashMap<>();

    static {
        component("Tracing: JDBC statement spans (OpenTelemetry JDBC wrapper)",
                "io/opentelemetry/instrumentation/jdbc|io/quarkus/agroal/runtime/OpenTelemetry");
        component("Tracing: HTTP server and REST client spans (Vert.x tracer)",
                "io/quarkus/opentelemetry/runtime/tracing/intrumentation/vertx");
        component("Tracing: JAX-RS span names and @WithSpan",
                "io/quarkus/opentelemetry/runtime/tracing/(intrumentation/resteasy|cdi)");
        component("Tracing: context propagation and MDC",
                "io/quarkus/opentelemetry/runtime/(QuarkusContextStorage|MDCEnabledContextStorage|OpenTelemetryUtil)"
                        + "|io/opentelemetry/context/|io/quarkus/vertx/core/runtime/VertxMDC");
        component("Tracing: span processor and OTLP exporter",
                "io/opentelemetry/sdk/trace/export|io/opentelemetry/exporter|io/quarkus/opentelemetry/runtime/exporter");
        component("Tracing: SDK (span creation, sampling, attributes)", "io/opentelemetry/sdk");
        component("Tracing: instrumentation API and semantic conventions",
                "io/opentelemetry/|io/quarkus/opentelemetry");
        component("Metrics: Micrometer timers, counters, exemplars, scrapes", "io/micrometer|io/quarkus/micrometer|io/prometheus");
        component("Logs: JSON formatting and console writes",
                "org/jboss/logmanager|org/jboss/logging|io/quarkus/logging|io/quarkus/bootstrap/logging");
        component("Our filters and sampler (trace headers, body limit, RequestTracesSampler)",
                "io/observability/demo/common/(tracing|http)/");
        component("Application, Quarkus, Hibernate, JDBC driver, Vert.x", "/");
    }

    private static final Pattern SKIPPED = Pattern.compile("^(java/|jdk/|sun/|\\[|I2C|C2I|itable|vtable|Interpreter)"
            + "|_\\[k\\]$|^[^/]*$");
    private static final String JIT = "JIT compiler threads";
    private static final String GC = "GC and VM threads";
    private static final String JVM_OTHER = "JDK and JVM only (no library frame)";

    private static void component(String name, String regex) {
        COMPONENTS.put(name, Pattern.compile(regex));
    }

    public static void main(String[] args) throws IOException {
        double msPerSample = Double.parseDouble(args[2]);
        String nameB = args.length > 3 ? args[3] : "B";
        String nameA = args.length > 4 ? args[4] : "A";
        Map<String, Double> full = perCheckout(Path.of(args[0]), msPerSample);
        Map<String, Double> off = perCheckout(Path.of(args[1]), msPerSample);
        double fullTotal = full.values().stream().mapToDouble(Double::doubleValue).sum();
        double offTotal = off.values().stream().mapToDouble(Double::doubleValue).sum();
        double extra = fullTotal - offTotal;
        System.out.printf("| Component | %s (ms per checkout) | %s (ms per checkout) | added by %s | share of what it adds |%n",
                nameA, nameB, nameB);
        System.out.println("| --- | --- | --- | --- | --- |");
        for (String name : order()) {
            double f = full.getOrDefault(name, 0.0);
            double o = off.getOrDefault(name, 0.0);
            if (f < 0.005 && o < 0.005) {
                continue;
            }
            System.out.printf("| %s | %.2f | %.2f | %+.2f | %s |%n", name, o, f, f - o,
                    extra > 0 ? String.format("%.0f%%", (f - o) / extra * 100) : "n/a");
        }
        System.out.printf("| **All three services** | **%.2f** | **%.2f** | **%+.2f** | 100%% |%n", offTotal, fullTotal, extra);
    }

    private static List<String> order() {
        List<String> names = new java.util.ArrayList<>(COMPONENTS.keySet());
        names.addAll(List.of(JVM_OTHER, JIT, GC));
        return names;
    }

    /** CPU milliseconds per checkout by component, over the three services' profiles in a directory. */
    private static Map<String, Double> perCheckout(Path dir, double msPerSample) throws IOException {
        long checkouts = Long.parseLong(Files.readString(dir.resolve("checkouts")).trim());
        Map<String, Double> result = new LinkedHashMap<>();
        try (var files = Files.list(dir)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".collapsed")).toList()) {
                for (String line : Files.readAllLines(file)) {
                    int space = line.lastIndexOf(' ');
                    if (space < 0) {
                        continue;
                    }
                    long samples = Long.parseLong(line.substring(space + 1).trim());
                    result.merge(component(line.substring(0, space).split(";")), samples * msPerSample / checkouts,
                            Double::sum);
                }
            }
        }
        return result;
    }

    private static String component(String[] frames) {
        String thread = frames[0];
        if (thread.contains("CompilerThre") || thread.startsWith("[C1") || thread.startsWith("[C2")) {
            return JIT;
        }
        if (thread.contains("GC") || thread.startsWith("[VM Thread") || thread.startsWith("[G1")) {
            return GC;
        }
        for (int i = frames.length - 1; i > 0; i--) {
            String frame = frames[i];
            if (SKIPPED.matcher(frame).find()) {
                continue;
            }
            for (Map.Entry<String, Pattern> component : COMPONENTS.entrySet()) {
                if (component.getValue().matcher(frame).find()) {
                    return component.getKey();
                }
            }
        }
        return JVM_OTHER;
    }
}
