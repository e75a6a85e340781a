package io.observability.demo.stack;

import static io.observability.demo.stack.StackFiles.list;
import static io.observability.demo.stack.StackFiles.map;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

/** Rules for docker-compose.yml and .env. */
class ComposeFileTest {

    /**
     * Services that cannot run a healthcheck: their images have no shell and no HTTP client.
     * loki: grafana/loki is distroless (no shell, no wget/curl).
     * alloy: grafana/alloy has no curl or wget.
     * Everything else must define one.
     */
    static final Set<String> NO_HEALTHCHECK_ALLOWED = Set.of("loki", "alloy");

    /** The only host ports the stack may publish. */
    static final Set<Integer> PUBLISHED_PORTS = Set.of(8080, 3000, 9090, 9093, 16686, 8090);

    /** Ports that must never reach the host: inventory, payment, and every management port. */
    static final Set<Integer> FORBIDDEN_PORTS = Set.of(8081, 8082, 9080, 9081, 9082);

    /** image: name:${VAR} and nothing else (the version lives in .env). */
    private static final Pattern IMAGE_FROM_ENV = Pattern.compile("^[a-z0-9./_-]+:\\$\\{([A-Z0-9_]+)\\}$");

    /** ${VAR}, ${VAR:-default}, ${VAR-default}, ${VAR:?err}, ${VAR?err}; $${...} is an escaped $. */
    private static final Pattern VARIABLE = Pattern.compile("(?<!\\$)\\$\\{([A-Za-z_][A-Za-z0-9_]*)(:?[-?][^}]*)?\\}");

    @Test
    void everyImageIsPinnedToAnExactVersionThroughDotEnv() {
        Map<String, String> env = StackFiles.dotEnv();
        List<String> problems = new ArrayList<>();
        StackFiles.composeServices().forEach((name, service) -> {
            Object image = service.get("image");
            if (image == null) {
                if (service.get("build") == null) {
                    problems.add(name + ": neither image nor build");
                }
                return; // built from the repository's Dockerfile, whose base images are pinned there
            }
            Matcher m = IMAGE_FROM_ENV.matcher(image.toString());
            if (!m.matches()) {
                problems.add(name + ": image '" + image + "' must be name:${VERSION_VARIABLE} with the version in .env");
                return;
            }
            String version = env.get(m.group(1));
            if (version == null || version.isBlank()) {
                problems.add(name + ": " + m.group(1) + " is not set in .env");
            } else if (version.equalsIgnoreCase("latest") || version.contains("latest") || !version.matches(".*\\d.*")) {
                problems.add(name + ": " + m.group(1) + "=" + version + " is not an exact version");
            }
        });
        assertTrue(problems.isEmpty(), String.join("\n", problems));
    }

    @Test
    void noLatestTagAnywhere() {
        String compose = StackFiles.read(StackFiles.resolve("docker-compose.yml"));
        String env = StackFiles.read(StackFiles.resolve(".env"));
        for (String line : (compose + "\n" + env).split("\n")) {
            String code = line.contains("#") ? line.substring(0, line.indexOf('#')) : line;
            assertFalse(code.matches(".*:latest\\b.*") || code.matches("^\\s*[A-Z0-9_]+_VERSION=latest\\s*$"),
                    "'latest' tag used: " + line.strip());
        }
    }

    @Test
    void everyVariableIsDefinedInDotEnvOrHasADefault() {
        Map<String, String> env = StackFiles.dotEnv();
        // Compose interpolates values, not comments: skip comment lines.
        String compose = StackFiles.read(StackFiles.resolve("docker-compose.yml")).lines()
                .filter(line -> !line.strip().startsWith("#"))
                .collect(java.util.stream.Collectors.joining("\n"));
        Set<String> undefined = new TreeSet<>();
        Matcher m = VARIABLE.matcher(compose);
        while (m.find()) {
            String modifier = m.group(2);
            boolean hasDefault = modifier != null && (modifier.startsWith(":-") || modifier.startsWith("-"));
            if (!hasDefault && !env.containsKey(m.group(1))) {
                undefined.add(m.group(1));
            }
        }
        assertTrue(undefined.isEmpty(), "variables used in docker-compose.yml but not set in .env: " + undefined);
    }

    @Test
    void everyServiceHasAHealthcheckExceptTheAllowList() {
        Map<String, Map<String, Object>> services = StackFiles.composeServices();
        assertTrue(services.keySet().containsAll(NO_HEALTHCHECK_ALLOWED),
                "allow-list names a service that no longer exists: " + NO_HEALTHCHECK_ALLOWED);
        List<String> missing = new ArrayList<>();
        services.forEach((name, service) -> {
            Map<String, Object> healthcheck = map(service.get("healthcheck"));
            boolean disabled = Boolean.TRUE.equals(healthcheck.get("disable"));
            boolean hasTest = !list(healthcheck.get("test")).isEmpty()
                    || (healthcheck.get("test") instanceof String && !((String) healthcheck.get("test")).isBlank());
            if (!NO_HEALTHCHECK_ALLOWED.contains(name) && (disabled || !hasTest)) {
                missing.add(name);
            }
        });
        assertTrue(missing.isEmpty(), "services without a healthcheck: " + missing);
    }

    @Test
    void healthyDependenciesHaveAHealthcheck() {
        Map<String, Map<String, Object>> services = StackFiles.composeServices();
        List<String> problems = new ArrayList<>();
        services.forEach((name, service) -> map(service.get("depends_on")).forEach((dependency, spec) -> {
            if (!services.containsKey(dependency)) {
                problems.add(name + " depends on unknown service " + dependency);
            } else if ("service_healthy".equals(map(spec).get("condition"))
                    && services.get(dependency).get("healthcheck") == null) {
                problems.add(name + " waits for " + dependency + " to be healthy, but it has no healthcheck");
            }
        }));
        assertTrue(problems.isEmpty(), String.join("\n", problems));
    }

    @Test
    void everyServiceHasAMemoryLimit() {
        List<String> missing = new ArrayList<>();
        StackFiles.composeServices().forEach((name, service) -> {
            Object memory = map(map(map(service.get("deploy")).get("resources")).get("limits")).get("memory");
            if (memory == null || !memory.toString().matches("\\d+(\\.\\d+)?[bkmgBKMG]?")) {
                missing.add(name + " (" + memory + ")");
            }
        });
        assertTrue(missing.isEmpty(), "services without deploy.resources.limits.memory: " + missing);
    }

    @Test
    void onlyTheAllowedPortsArePublished() {
        Set<Integer> published = new TreeSet<>();
        List<String> problems = new ArrayList<>();
        StackFiles.composeServices().forEach((name, service) -> {
            for (Object port : list(service.get("ports"))) {
                Integer hostPort = hostPort(port);
                if (hostPort == null) {
                    problems.add(name + ": port '" + port + "' has no fixed host port (Docker would pick a random one)");
                    continue;
                }
                if (FORBIDDEN_PORTS.contains(hostPort) || FORBIDDEN_PORTS.contains(containerPort(port))) {
                    problems.add(name + ": publishes forbidden port " + port);
                }
                published.add(hostPort);
            }
        });
        assertTrue(problems.isEmpty(), String.join("\n", problems));
        assertEquals(new TreeSet<>(PUBLISHED_PORTS), published, "published host ports");
    }

    /**
     * Published ports listen on the host's loopback only: Prometheus's lifecycle API (/-/quit) and remote-write
     * receiver, Alertmanager's silences and Grafana's admin/admin are for the person at this machine.
     */
    @Test
    void everyPublishedPortListensOnLoopbackOnly() {
        List<String> open = new ArrayList<>();
        StackFiles.composeServices().forEach((name, service) -> {
            for (Object port : list(service.get("ports"))) {
                String hostIp = port instanceof Map ? String.valueOf(((Map<?, ?>) port).get("host_ip"))
                        : port.toString().split(":").length == 3 ? port.toString().split(":")[0] : "";
                if (!"127.0.0.1".equals(hostIp)) {
                    open.add(name + ": " + port);
                }
            }
        });
        assertTrue(open.isEmpty(), "ports published on every host interface (write 127.0.0.1:HOST:CONTAINER): " + open);
    }

    /**
     * The services export traces the way the system tests prove it works (system-tests RunningSystem):
     * OTLP/HTTP protobuf, to Jaeger's OTLP/HTTP port.
     */
    @Test
    void theServicesExportTracesOverTheProtocolTheSystemTestsProve() {
        String runningSystem = StackFiles.read(StackFiles.resolve(
                "system-tests/src/test/java/io/observability/demo/system/RunningSystem.java"));
        Matcher tested = Pattern.compile("\"QUARKUS_OTEL_EXPORTER_OTLP_PROTOCOL\",\\s*\"([^\"]+)\"").matcher(runningSystem);
        assertTrue(tested.find(), "RunningSystem no longer sets QUARKUS_OTEL_EXPORTER_OTLP_PROTOCOL: update this test");
        assertEquals("http/protobuf", tested.group(1), "the protocol the system tests prove");
        List<String> problems = new ArrayList<>();
        int built = 0;
        for (Map.Entry<String, Map<String, Object>> e : StackFiles.composeServices().entrySet()) {
            if (e.getValue().get("build") == null) {
                continue;
            }
            built++;
            Map<String, Object> env = map(e.getValue().get("environment"));
            if (!tested.group(1).equals(env.get("QUARKUS_OTEL_EXPORTER_OTLP_PROTOCOL"))) {
                problems.add(
                        e.getKey() + ": QUARKUS_OTEL_EXPORTER_OTLP_PROTOCOL=" + env.get("QUARKUS_OTEL_EXPORTER_OTLP_PROTOCOL")
                                + ", the system tests prove " + tested.group(1));
            }
            if (!"http://jaeger:4318".equals(env.get("QUARKUS_OTEL_EXPORTER_OTLP_ENDPOINT"))) {
                problems.add(
                        e.getKey() + ": QUARKUS_OTEL_EXPORTER_OTLP_ENDPOINT=" + env.get("QUARKUS_OTEL_EXPORTER_OTLP_ENDPOINT")
                                + ", expected Jaeger's OTLP/HTTP port http://jaeger:4318");
            }
        }
        assertEquals(3, built, "the three services are built from the Dockerfile");
        assertTrue(problems.isEmpty(), String.join("\n", problems));
    }

    @Test
    void everyFileOrFolderMountedFromTheRepositoryExists() {
        Path root = StackFiles.root();
        List<String> missing = new ArrayList<>();
        int mounts = 0;
        for (Map.Entry<String, Map<String, Object>> e : StackFiles.composeServices().entrySet()) {
            for (Object volume : list(e.getValue().get("volumes"))) {
                String source = bindSource(volume);
                if (source == null) {
                    continue; // named volume
                }
                mounts++;
                Path path = root.resolve(source).normalize();
                if (source.startsWith("./deploy") && !Files.exists(path)) {
                    missing.add(e.getKey() + ": " + source);
                }
            }
            Object build = e.getValue().get("build");
            if (build != null) {
                String context = build instanceof Map ? String.valueOf(map(build).getOrDefault("context", "."))
                        : build.toString();
                String dockerfile = build instanceof Map ? String.valueOf(map(build).getOrDefault("dockerfile", "Dockerfile"))
                        : "Dockerfile";
                if (!Files.isRegularFile(root.resolve(context).resolve(dockerfile))) {
                    missing.add(e.getKey() + ": build " + context + "/" + dockerfile);
                }
            }
        }
        assertTrue(mounts > 0, "no bind mounts found: the parser is broken");
        assertTrue(missing.isEmpty(), "mounted or built from, but missing in the repository:\n" + String.join("\n", missing));
    }

    /** The host port of a ports entry, or null when Docker would choose one. */
    static Integer hostPort(Object entry) {
        if (entry instanceof Map) {
            Object published = ((Map<?, ?>) entry).get("published");
            return published == null ? null : Integer.valueOf(published.toString().split("-")[0]);
        }
        String spec = entry.toString().split("/")[0]; // drop /tcp, /udp
        String[] parts = spec.split(":");
        if (parts.length < 2) {
            return null; // "8080": container port only, random host port
        }
        String host = parts[parts.length - 2];
        return host.isEmpty() ? null : Integer.valueOf(host.split("-")[0]);
    }

    static Integer containerPort(Object entry) {
        if (entry instanceof Map) {
            Object target = ((Map<?, ?>) entry).get("target");
            return target == null ? null : Integer.valueOf(target.toString());
        }
        String[] parts = entry.toString().split("/")[0].split(":");
        return Integer.valueOf(parts[parts.length - 1].split("-")[0]);
    }

    /** The source of a bind mount starting with ./ or ../, or null for named volumes. */
    static String bindSource(Object volume) {
        String source;
        if (volume instanceof Map) {
            Map<?, ?> v = (Map<?, ?>) volume;
            if (!"bind".equals(v.get("type"))) {
                return null;
            }
            source = String.valueOf(v.get("source"));
        } else {
            source = volume.toString().split(":")[0];
        }
        return source.startsWith("./") || source.startsWith("../") ? source : null;
    }
}
