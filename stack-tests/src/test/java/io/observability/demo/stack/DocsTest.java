package io.observability.demo.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * The facts of README.md and docs/ that drift most, tied to the files they describe: the memory limits
 * (docker-compose.yml, deploy/kubernetes/resources.yaml), the image versions (.env through docker-compose.yml, the
 * Dockerfile's base images and heap) and the span count of one checkout (the numbers TraceShapeIT asserts). Change
 * the source and the docs together.
 */
class DocsTest {

    private static final Pattern ROW = Pattern.compile("(?m)^\\|(.*)\\|\\s*$");
    private static final Pattern DOCKERFILE_ARG = Pattern.compile("(?m)^ARG\\s+(\\w+)=(\\S+)$");
    private static final Pattern SPAN_CONSTANT = Pattern.compile("static final int (\\w+)_SERVICE_SPANS = (\\d+);");

    private static final List<String> SERVICES = List.of("checkout-service", "inventory-service", "payment-service");

    /** README.md, every docs/*.md and the services' READMEs, by their path from the repository root. */
    private static Map<String, String> docs() {
        Map<String, String> docs = new TreeMap<>();
        docs.put("README.md", StackFiles.read(StackFiles.resolve("README.md")));
        for (String service : SERVICES) {
            docs.put(service + "/README.md", StackFiles.read(StackFiles.resolve(service + "/README.md")));
        }
        try (Stream<Path> files = Files.list(StackFiles.resolve("docs"))) {
            files.filter(file -> file.getFileName().toString().endsWith(".md"))
                    .forEach(file -> docs.put(StackFiles.relative(file), StackFiles.read(file)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return docs;
    }

    private static String doc(String path) {
        return StackFiles.read(StackFiles.resolve(path));
    }

    /** The text of a Markdown section: from its heading to the next heading of any level. */
    private static String section(String path, String heading) {
        String text = doc(path);
        int start = text.indexOf("\n" + heading + "\n");
        assertTrue(start >= 0, path + " has no section " + heading);
        int end = text.indexOf("\n#", start + heading.length() + 2);
        return end < 0 ? text.substring(start) : text.substring(start, end);
    }

    /** The cells of every table row, header and separator rows included, trimmed. */
    private static List<List<String>> rows(String markdown) {
        List<List<String>> rows = new ArrayList<>();
        Matcher m = ROW.matcher(markdown);
        while (m.find()) {
            List<String> cells = new ArrayList<>();
            for (String cell : m.group(1).split("\\|", -1)) {
                cells.add(cell.strip());
            }
            rows.add(cells);
        }
        return rows;
    }

    private static String group(Pattern pattern, String text, String what) {
        Matcher m = pattern.matcher(text);
        assertTrue(m.find(), what + ": no match for " + pattern);
        return m.group(1);
    }

    /** One decimal, as the docs write GiB and CPUs. */
    private static String oneDecimal(double value) {
        return BigDecimal.valueOf(value).setScale(1, RoundingMode.HALF_UP).toPlainString();
    }

    // ------------------------------------------------------------------ memory limits

    /** Compose's memory limit of every service, in MiB (compose's M and G are binary units). */
    private static Map<String, Integer> composeMemoryMiB() {
        Map<String, Integer> limits = new LinkedHashMap<>();
        StackFiles.composeServices().forEach((name, service) -> {
            Object memory = StackFiles.map(StackFiles.map(StackFiles.map(service.get("deploy")).get("resources"))
                    .get("limits")).get("memory");
            if (memory != null) {
                limits.put(name, mebibytes(memory.toString(), "docker-compose.yml " + name));
            }
        });
        return limits;
    }

    private static int mebibytes(String quantity, String where) {
        Matcher m = Pattern.compile("(\\d+)(M|Mi|G|Gi)").matcher(quantity.strip());
        assertTrue(m.matches(), where + ": memory " + quantity + " is not in M, Mi, G or Gi");
        int value = Integer.parseInt(m.group(1));
        return m.group(2).startsWith("G") ? value * 1024 : value;
    }

    private static boolean onlyInAProfile(String service) {
        return !StackFiles.list(StackFiles.composeServices().get(service).get("profiles")).isEmpty();
    }

    private static int composeServicesLimit() {
        Map<String, Integer> limits = composeMemoryMiB();
        List<Integer> services = Stream.of("checkout-service", "inventory-service", "payment-service")
                .map(limits::get).distinct().toList();
        assertEquals(1, services.size(), "the three services share one memory limit: " + limits);
        return services.get(0);
    }

    @Test
    void stackMdMemoryTableIsComposesLimits() {
        String memory = section("docs/stack.md", "## Memory");
        Map<String, Integer> limits = composeMemoryMiB();
        Map<String, Integer> documented = new LinkedHashMap<>();
        String total = null;
        for (List<String> row : rows(memory)) {
            if (row.size() < 2 || row.get(0).equals("Container") || row.get(0).startsWith("---")) {
                continue;
            }
            if (row.get(0).contains("Total")) {
                total = row.get(1);
                continue;
            }
            int mib = Integer
                    .parseInt(group(Pattern.compile("^(\\d+) MiB"), row.get(1), "docs/stack.md memory of " + row.get(0)));
            for (String container : row.get(0).replaceAll("\\(.*\\)", "").split(",")) {
                documented.put(container.strip(), mib);
            }
        }
        Map<String, Integer> expected = new TreeMap<>(limits);
        assertEquals(expected, new TreeMap<>(documented),
                "docs/stack.md, Memory: one row per compose service with its deploy.resources.limits.memory");

        int sum = limits.entrySet().stream().filter(e -> !onlyInAProfile(e.getKey())).mapToInt(Map.Entry::getValue).sum();
        String expectedTotal = String.format(Locale.ROOT, "**%,d MiB ≈ %s GiB**", sum, oneDecimal(sum / 1024.0));
        assertEquals(expectedTotal, total, "docs/stack.md, Memory: the total of the services `docker compose up` starts");
    }

    @Test
    void kubernetesMdRequestsAreResourcesYaml() {
        long memoryMi = 0;
        long cpuMilli = 0;
        for (Object document : StackFiles.yaml().loadAll(doc("deploy/kubernetes/resources.yaml"))) {
            for (Object container : StackFiles.list(StackFiles.map(StackFiles.map(StackFiles.map(StackFiles.map(document)
                    .get("spec")).get("template")).get("spec")).get("containers"))) {
                Map<String, Object> requests = StackFiles.map(StackFiles.map(StackFiles.map(container).get("resources"))
                        .get("requests"));
                memoryMi += mebibytes(requests.get("memory").toString(), "resources.yaml");
                cpuMilli += millicores(requests.get("cpu").toString());
            }
        }
        Map<String, Object> k6Job = StackFiles.loadYamlMap(StackFiles.resolve("deploy/kubernetes/load/k6.yaml"));
        Object k6Container = StackFiles.list(StackFiles.map(StackFiles.map(StackFiles.map(k6Job.get("spec")).get("template"))
                .get("spec")).get("containers")).get(0);
        Map<String, Object> k6 = StackFiles.map(StackFiles.map(StackFiles.map(k6Container).get("resources")).get("requests"));

        String expected = String.format(Locale.ROOT,
                "About %s CPU and %s GiB of memory free for the requests; the k6 Job adds %s CPU and %d MiB while it runs.",
                oneDecimal(cpuMilli / 1000.0), oneDecimal(memoryMi / 1024.0),
                oneDecimal(millicores(k6.get("cpu").toString()) / 1000.0), mebibytes(k6.get("memory").toString(), "k6.yaml"));
        assertTrue(doc("docs/kubernetes.md").contains(expected),
                "docs/kubernetes.md, What you need: the sums of deploy/kubernetes/resources.yaml's requests: " + expected);
    }

    private static long millicores(String cpu) {
        return cpu.endsWith("m") ? Long.parseLong(cpu.substring(0, cpu.length() - 1))
                : Math.round(Double.parseDouble(cpu) * 1000);
    }

    /** "memory limits (400 MB)", "the 400 MB memory limit": the services' limit, wherever the docs name it. */
    @Test
    void theServicesMemoryLimitIsComposes() {
        Pattern limit = Pattern.compile("memory limits? \\((\\d+) MB\\)|(\\d+) MB memory limit");
        int expected = composeServicesLimit();
        List<String> problems = new ArrayList<>();
        int found = 0;
        for (Map.Entry<String, String> doc : docs().entrySet()) {
            Matcher m = limit.matcher(doc.getValue().replaceAll("\\s+", " "));
            while (m.find()) {
                found++;
                String value = m.group(1) != null ? m.group(1) : m.group(2);
                if (Integer.parseInt(value) != expected) {
                    problems.add(doc.getKey() + ": \"" + m.group() + "\"");
                }
            }
        }
        assertTrue(found > 0, "no doc names the services' memory limit (" + limit + ")");
        assertEquals(List.of(), problems, "the services' memory limit is " + expected + " MB (docker-compose.yml)");
    }

    // ------------------------------------------------------------------ image versions

    private static Map<String, String> dockerfileArgs() {
        Map<String, String> args = new LinkedHashMap<>();
        Matcher m = DOCKERFILE_ARG.matcher(doc("Dockerfile"));
        while (m.find()) {
            args.put(m.group(1), m.group(2));
        }
        return args;
    }

    private static String tag(String image) {
        return image.substring(image.lastIndexOf(':') + 1);
    }

    /** Every image docker-compose.yml runs, name to tag, as Compose resolves it from .env. */
    private static Map<String, String> composeImages() {
        Map<String, String> env = StackFiles.dotEnv();
        Map<String, String> images = new TreeMap<>();
        StackFiles.composeServices().values().forEach(service -> {
            Object image = service.get("image");
            if (image != null) {
                String resolved = StackFiles.interpolate(image.toString(), env);
                images.put(resolved.substring(0, resolved.lastIndexOf(':')), tag(resolved));
            }
        });
        return images;
    }

    @Test
    void stackMdImageTableIsEnvAndTheDockerfile() {
        Map<String, String> expected = new TreeMap<>();
        composeImages().forEach((name, tag) -> expected.put("`" + name + "`", tag));
        Map<String, String> args = dockerfileArgs();
        expected.put("`eclipse-temurin` (build stage)", tag(args.get("JDK_IMAGE")));
        expected.put("`eclipse-temurin` (runtime)", tag(args.get("JRE_IMAGE")));

        Map<String, String> documented = new TreeMap<>();
        for (List<String> row : rows(section("docs/stack.md", "## Images and versions"))) {
            if (row.size() >= 2 && row.get(0).startsWith("`")) {
                String image = row.get(0).replaceFirst(" \\((runbooks)\\)$", "");
                documented.put(image, row.get(1).replace("`", ""));
            }
        }
        assertEquals(expected, documented,
                "docs/stack.md, Images and versions: every image with the tag .env (through docker-compose.yml) or the Dockerfile pins");
    }

    /** A Temurin tag such as 25.0.4.1_1-jre-noble anywhere in the docs is one of the Dockerfile's base images. */
    @Test
    void temurinTagsAreTheDockerfiles() {
        Map<String, String> args = dockerfileArgs();
        List<String> tags = List.of(tag(args.get("JDK_IMAGE")), tag(args.get("JRE_IMAGE")));
        Pattern temurinTag = Pattern.compile("\\b\\d+\\.\\d+\\.\\d+(?:\\.\\d+)?_\\d+(?:-[a-z]+)*");
        List<String> problems = new ArrayList<>();
        docs().forEach((path, text) -> {
            Matcher m = temurinTag.matcher(text);
            while (m.find()) {
                String found = m.group();
                if (tags.stream().noneMatch(tag -> tag.equals(found) || tag.startsWith(found + "-"))) {
                    problems.add(path + ": " + found);
                }
            }
        });
        assertEquals(List.of(), problems, "Temurin tags that are not the Dockerfile's " + tags);
    }

    /** "The images run Java 25", "the images' Java 25": the major release of the runtime base image. */
    @Test
    void theImagesJavaReleaseIsTheDockerfiles() {
        String major = tag(dockerfileArgs().get("JRE_IMAGE")).replaceFirst("\\..*", "");
        Pattern claim = Pattern.compile("images'? (?:run )?Java (\\d+)");
        List<String> problems = new ArrayList<>();
        int found = 0;
        for (Map.Entry<String, String> doc : docs().entrySet()) {
            Matcher m = claim.matcher(doc.getValue().replaceAll("\\s+", " "));
            while (m.find()) {
                found++;
                if (!m.group(1).equals(major)) {
                    problems.add(doc.getKey() + ": \"" + m.group() + "\"");
                }
            }
        }
        assertTrue(found > 0, "no doc names the images' Java release");
        assertEquals(List.of(), problems, "the images run Java " + major + " (Dockerfile JRE_IMAGE)");
    }

    /** {@code -Xmx128m} in the docs is the heap the Dockerfile fixes. */
    @Test
    void theHeapIsTheDockerfiles() {
        String heap = group(Pattern.compile("ENV JDK_JAVA_OPTIONS=\"[^\"]*(-Xmx\\w+)"), doc("Dockerfile"), "Dockerfile");
        List<String> problems = new ArrayList<>();
        docs().forEach((path, text) -> {
            Matcher m = Pattern.compile("-Xmx\\w+").matcher(text);
            while (m.find()) {
                if (!m.group().equals(heap)) {
                    problems.add(path + ": " + m.group());
                }
            }
        });
        assertEquals(List.of(), problems, "the services' heap is " + heap + " (the Dockerfile's JDK_JAVA_OPTIONS)");
    }

    // ------------------------------------------------------------------ the spans of one checkout

    /** The spans of a one-item checkout per service, as TraceShapeIT asserts them. */
    private static Map<String, Integer> checkoutSpans() {
        String source = doc("system-tests/src/test/java/io/observability/demo/system/TraceShapeIT.java");
        Map<String, Integer> spans = new TreeMap<>();
        Matcher m = SPAN_CONSTANT.matcher(source);
        while (m.find()) {
            spans.put(m.group(1).toLowerCase(Locale.ROOT) + "-service", Integer.parseInt(m.group(2)));
        }
        assertEquals(SERVICES, List.copyOf(spans.keySet()), "TraceShapeIT's *_SERVICE_SPANS constants");
        return spans;
    }

    @Test
    void telemetryMdSpanTableIsWhatTraceShapeItAsserts() {
        Map<String, Integer> expected = new TreeMap<>(checkoutSpans());
        expected.put("all", expected.values().stream().mapToInt(Integer::intValue).sum());
        Map<String, Integer> documented = new TreeMap<>();
        for (List<String> row : rows(section("docs/telemetry.md", "### What one checkout's trace holds"))) {
            String subtotal = row.stream().filter(cell -> cell.matches("\\*\\*[a-z-]+\\*\\*")).findFirst().orElse(null);
            if (subtotal != null) {
                documented.put(subtotal.replace("*", ""), Integer.parseInt(row.get(row.size() - 1).replace("*", "")));
            }
        }
        assertEquals(expected, documented,
                "docs/telemetry.md, What one checkout's trace holds: the After column is what TraceShapeIT asserts");
    }

    /** Each service's README: "32 spans across the three services, 16 of them here". */
    @Test
    void eachServiceReadmeGivesItsShareOfTheSpans() {
        Map<String, Integer> expected = checkoutSpans();
        Map<String, Integer> documented = new TreeMap<>();
        for (String service : SERVICES) {
            String readme = doc(service + "/README.md").replaceAll("\\s+", " ");
            documented.put(service,
                    Integer.parseInt(group(Pattern.compile("spans across the three services, (\\d+) of them here"),
                            readme, service + "/README.md")));
        }
        assertEquals(expected, documented, "the services' READMEs: each service's spans of a one-item checkout (TraceShapeIT)");
    }

    /** "32 spans" anywhere in the docs is the span count of one checkout. */
    @Test
    void everySpanCountIsTheOneTraceShapeItAsserts() {
        int total = checkoutSpans().values().stream().mapToInt(Integer::intValue).sum();
        Pattern count = Pattern.compile("\\b(\\d+) spans\\b");
        List<String> problems = new ArrayList<>();
        int found = 0;
        for (Map.Entry<String, String> doc : docs().entrySet()) {
            Matcher m = count.matcher(doc.getValue());
            while (m.find()) {
                found++;
                if (Integer.parseInt(m.group(1)) != total) {
                    problems.add(doc.getKey() + ": \"" + m.group() + "\"");
                }
            }
        }
        assertTrue(found > 0, "no doc gives the span count of a checkout");
        assertEquals(List.of(), problems, "a one-item checkout is " + total + " spans (TraceShapeIT)");
    }
}
