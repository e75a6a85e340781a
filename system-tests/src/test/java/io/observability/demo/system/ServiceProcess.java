package io.observability.demo.system;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.awaitility.core.ConditionTimeoutException;

/**
 * One service as a user runs it: {@code java -jar quarkus-run.jar} with its configuration in environment
 * variables, its stdout and stderr appended to a log file. It can be stopped (SIGTERM), killed (SIGKILL) and
 * started again on the same ports and database.
 */
public final class ServiceProcess {

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(1)).build();

    private final String name;
    private final Path jar;
    private final int httpPort;
    private final int managementPort;
    private final Map<String, String> environment;
    private final List<String> jvmArgs;
    private final Path logFile;
    private volatile Process process;
    private int starts;

    public ServiceProcess(String name, Path jar, int httpPort, int managementPort, Map<String, String> environment,
            List<String> jvmArgs, Path logFile) {
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("Missing " + jar.toAbsolutePath().normalize() + ": package the services "
                    + "first (./mvnw -B install -DskipTests, or run this module from the reactor build)");
        }
        this.name = name;
        this.jar = jar;
        this.httpPort = httpPort;
        this.managementPort = managementPort;
        this.environment = new LinkedHashMap<>(environment);
        this.jvmArgs = List.copyOf(jvmArgs);
        this.logFile = logFile;
    }

    public String name() {
        return name;
    }

    public String url() {
        return "http://127.0.0.1:" + httpPort;
    }

    public String managementUrl() {
        return "http://127.0.0.1:" + managementPort;
    }

    public Path logFile() {
        return logFile;
    }

    public int starts() {
        return starts;
    }

    public boolean isAlive() {
        Process current = process;
        return current != null && current.isAlive();
    }

    public synchronized void start() {
        if (isAlive()) {
            throw new IllegalStateException(name + " is already running");
        }
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmArgs);
        command.add("-jar");
        command.add(jar.toAbsolutePath().normalize().toString());
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                .directory(logFile.getParent().toFile());
        // Nothing from the caller's environment may configure the service behind the test's back.
        builder.environment().keySet().removeIf(key -> key.startsWith("QUARKUS_") || key.startsWith("OTEL_")
                || key.startsWith("PAYMENT_") || key.startsWith("INVENTORY_") || key.startsWith("CHECKOUT_")
                || key.equals("JAVA_TOOL_OPTIONS") || key.equals("JDK_JAVA_OPTIONS"));
        builder.environment().putAll(environment);
        try {
            Files.writeString(logFile, "", java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start " + name, e);
        }
        starts++;
    }

    /** Waits for {@code /q/health/ready} on the management port; fails with the log's tail if the process died. */
    public Duration awaitReady(Duration timeout) {
        Instant start = Instant.now();
        try {
            await(name + " to be ready").atMost(timeout).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(200))
                    .until(() -> {
                        if (!isAlive()) {
                            throw new IllegalStateException(
                                    name + " exited with " + process.exitValue() + "; log tail:\n" + tail(40));
                        }
                        return get(managementUrl() + "/q/health/ready") == 200;
                    });
        } catch (ConditionTimeoutException e) {
            throw new IllegalStateException(name + " not ready after " + timeout.toSeconds() + " s; log tail:\n" + tail(40));
        }
        return Duration.between(start, Instant.now());
    }

    /** SIGTERM: Quarkus shuts down gracefully. Forced after 15 s. */
    public synchronized void stop() {
        Process current = process;
        if (current == null || !current.isAlive()) {
            return;
        }
        current.destroy();
        try {
            if (!current.waitFor(15, TimeUnit.SECONDS)) {
                current.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            current.destroyForcibly();
        }
    }

    /** SIGKILL: a crash, no shutdown hooks, in-flight requests cut. */
    public synchronized void kill() {
        Process current = process;
        if (current == null || !current.isAlive()) {
            return;
        }
        current.destroyForcibly();
        try {
            current.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Last resort from the shutdown hook: no waiting. */
    void destroyNow() {
        Process current = process;
        if (current != null && current.isAlive()) {
            current.destroyForcibly();
        }
    }

    public String tail(int lines) {
        try {
            List<String> all = Files.readAllLines(logFile);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    /** @return the status, or -1 when nothing answers */
    public static int get(String url) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(2)).GET().build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    @Override
    public String toString() {
        return name + "(http " + httpPort + ", management " + managementPort + ")";
    }
}
