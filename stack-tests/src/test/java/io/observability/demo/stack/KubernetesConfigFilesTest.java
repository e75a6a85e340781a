package io.observability.demo.stack;

import static io.observability.demo.stack.StackFiles.list;
import static io.observability.demo.stack.StackFiles.map;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.KeyToPath;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;

/**
 * One source of truth: the files compose mounts are, byte for byte, the files the Kubernetes pods see at the
 * same paths; where Kubernetes needs its own file (Prometheus' targets, Alloy's log source), the rest of it is
 * the compose one, and the job names are the ones the rules and dashboards select.
 */
class KubernetesConfigFilesTest {

    /** Compose files that Kubernetes replaces with its own, mounted at the same path. */
    static final Map<String, String> KUBERNETES_FILES = Map.of(
            "deploy/prometheus/prometheus.yml", "deploy/kubernetes/prometheus/prometheus.yml",
            "deploy/alloy/config.alloy", "deploy/kubernetes/alloy/config.alloy");

    static final String COMPOSE_PROMETHEUS = "deploy/prometheus/prometheus.yml";
    static final String KUBERNETES_PROMETHEUS = "deploy/kubernetes/prometheus/prometheus.yml";

    /** job="..." or job=~"..." in PromQL, also inside JSON strings (\"). */
    private static final Pattern JOB_SELECTOR = Pattern.compile("\\bjob\\s*(=~|=)\\s*\\\\?\"([^\"\\\\]*)\\\\?\"");

    @Test
    void everyFileComposeMountsIsTheSameFileAtTheSamePathInThePod() {
        Map<String, Map<String, String>> configMaps = Kubernetes.configMaps();
        Map<String, Kubernetes.Workload> workloads = new TreeMap<>();
        Kubernetes.workloads(Kubernetes.all()).forEach(w -> workloads.put(w.name(), w));
        List<String> problems = new ArrayList<>();
        int files = 0;
        for (Map.Entry<String, Map<String, Object>> service : StackFiles.composeServices().entrySet()) {
            Kubernetes.Workload w = workloads.get(service.getKey());
            for (Object volume : list(service.getValue().get("volumes"))) {
                String source = ComposeFileTest.bindSource(volume);
                if (source == null || !source.startsWith("./deploy")) {
                    continue;
                }
                String target = volume instanceof Map ? String.valueOf(map(volume).get("target"))
                        : volume.toString().split(":")[1];
                Path root = StackFiles.resolve(source);
                for (Path file : filesUnder(root)) {
                    files++;
                    String inContainer = Files.isDirectory(root) ? target + "/" + root.relativize(file) : target;
                    String relative = StackFiles.relative(file);
                    String expectedFile = KUBERNETES_FILES.getOrDefault(relative, relative);
                    if (w == null) {
                        problems.add(service.getKey() + ": no Kubernetes workload to mount " + relative);
                        continue;
                    }
                    String actual = fileAt(w, inContainer, configMaps, problems);
                    if (actual != null && !actual.equals(StackFiles.read(StackFiles.resolve(expectedFile)))) {
                        problems.add(w.id() + ": " + inContainer + " is not " + expectedFile + " byte for byte");
                    }
                }
            }
        }
        assertTrue(files >= 15,
                "expected the rules, dashboards, provisioning, Alertmanager, PostgreSQL and k6 files; found " + files);
        assertTrue(problems.isEmpty(), String.join("\n", problems));
    }

    /** The runbooks themselves, not runbooks-server's nginx configuration (kustomize adds a hash suffix to both). */
    @Test
    void theRunbooksConfigMapHoldsEveryRunbook() {
        Map<String, String> runbooks = Kubernetes.configMaps().entrySet().stream()
                .filter(e -> e.getKey().matches("runbooks-[a-z0-9]+")).map(Map.Entry::getValue).findFirst()
                .orElseThrow(() -> new AssertionError("no ConfigMap runbooks"));
        Map<String, String> expected = new TreeMap<>();
        for (Path file : filesUnder(StackFiles.resolve("deploy/runbooks"))) {
            expected.put(file.getFileName().toString(), StackFiles.read(file));
        }
        assertFalse(expected.isEmpty(), "no runbooks in deploy/runbooks");
        assertEquals(expected, new TreeMap<>(runbooks), "the ConfigMap runbooks and deploy/runbooks/*.md");
    }

    /** Works without kubectl. */
    @Test
    void alloyProcessesLogLinesOnKubernetesExactlyAsInCompose() {
        String compose = StackFiles.read(StackFiles.resolve("deploy/alloy/config.alloy"));
        String kubernetes = StackFiles.read(StackFiles.resolve("deploy/kubernetes/alloy/config.alloy"));
        for (String block : List.of("loki.process \"json\"", "loki.write \"local\"")) {
            assertEquals(block(compose, block), block(kubernetes, block),
                    block + " in deploy/kubernetes/alloy/config.alloy must be the one of deploy/alloy/config.alloy, character for character");
        }
    }

    /** Works without kubectl: only the scrape targets differ from compose. */
    @Test
    void thePrometheusConfigForKubernetesIsComposesExceptForTheTargets() {
        Map<String, Object> compose = StackFiles.loadYamlMap(StackFiles.resolve(COMPOSE_PROMETHEUS));
        Map<String, Object> kubernetes = StackFiles.loadYamlMap(StackFiles.resolve(KUBERNETES_PROMETHEUS));
        Set<String> keys = new TreeSet<>(compose.keySet());
        keys.addAll(kubernetes.keySet());
        keys.remove("scrape_configs");
        for (String key : keys) {
            assertEquals(compose.get(key), kubernetes.get(key),
                    key + " in " + KUBERNETES_PROMETHEUS + " and " + COMPOSE_PROMETHEUS);
        }
        assertEquals(jobs(compose).keySet(), jobs(kubernetes).keySet(), "job names on Kubernetes and in compose");
        jobs(compose).forEach((name, job) -> {
            for (String key : List.of("metrics_path", "scrape_protocols")) {
                assertEquals(job.get(key), jobs(kubernetes).get(name).get(key), name + " " + key);
            }
        });
    }

    /** Works without kubectl. */
    @Test
    void everyJobThatTheRulesAndDashboardsSelectIsAJobOnKubernetes() {
        Set<String> jobs = jobs(StackFiles.loadYamlMap(StackFiles.resolve(KUBERNETES_PROMETHEUS))).keySet();
        List<Path> files = new ArrayList<>(filesUnder(StackFiles.resolve("deploy/prometheus/rules")));
        files.addAll(filesUnder(StackFiles.resolve("deploy/grafana/dashboards")));
        files.add(StackFiles.resolve("deploy/grafana/provisioning/datasources/datasources.yml"));
        List<String> problems = new ArrayList<>();
        int selectors = 0;
        for (Path file : files) {
            String text = StackFiles.read(file).lines().filter(l -> !l.strip().startsWith("#"))
                    .collect(Collectors.joining("\n"));
            Matcher m = JOB_SELECTOR.matcher(text);
            while (m.find()) {
                String value = m.group(2);
                if (value.contains("$")) {
                    continue; // a Grafana variable, whose values come from the jobs themselves
                }
                selectors++;
                boolean regex = "=~".equals(m.group(1));
                boolean matches = regex ? jobs.stream().anyMatch(j -> j.matches(value)) : jobs.contains(value);
                if (!matches) {
                    problems.add(
                            StackFiles.relative(file) + ": job" + m.group(1) + "\"" + value + "\" selects no job of " + jobs);
                }
            }
        }
        assertTrue(selectors >= 20, "expected the job selectors of the rules and dashboards, found " + selectors);
        assertTrue(problems.isEmpty(), String.join("\n", problems));
        assertEquals(Set.of("checkout-service", "inventory-service", "payment-service"),
                jobs.stream().filter(j -> j.matches(".+-service")).collect(Collectors.toSet()),
                "the jobs that the dashboards' job=~\".+-service\" lists are the three services");
    }

    /** The jobs that discover pods select workloads that exist, on a port those workloads declare. */
    @Test
    void everyDiscoveredJobSelectsAWorkloadAndAPortItDeclares() {
        List<Kubernetes.Workload> workloads = Kubernetes.workloads(Kubernetes.all());
        List<String> problems = new ArrayList<>();
        int discovered = 0;
        for (Map.Entry<String, Map<String, Object>> job : jobs(
                StackFiles.loadYamlMap(StackFiles.resolve(KUBERNETES_PROMETHEUS))).entrySet()) {
            for (Object sd : list(job.getValue().get("kubernetes_sd_configs"))) {
                discovered++;
                for (Object selector : list(map(sd).get("selectors"))) {
                    String[] label = String.valueOf(map(selector).get("label")).split("=", 2);
                    List<Kubernetes.Workload> selected = workloads.stream()
                            .filter(w -> label.length == 2
                                    && label[1].equals(w.template().getMetadata().getLabels().get(label[0])))
                            .collect(Collectors.toList());
                    String port = keptPort(job.getValue());
                    if (selected.size() != 1) {
                        problems.add(job.getKey() + ": selector " + map(selector).get("label") + " selects " + selected.size()
                                + " workloads");
                    } else if (port == null || selected.get(0).containers().stream().flatMap(c -> c.getPorts().stream())
                            .noneMatch(p -> port.equals(p.getName()))) {
                        problems.add(job.getKey() + ": keeps port " + port + ", which " + selected.get(0).id()
                                + " does not declare");
                    }
                }
            }
        }
        assertTrue(discovered >= 4, "expected the three services and Alloy to be discovered");
        assertTrue(problems.isEmpty(), String.join("\n", problems));
    }

    // ------------------------------------------------------------------ helpers

    /** The text a container of the workload sees at a path, from the ConfigMap mounted there. */
    static String fileAt(Kubernetes.Workload w, String path, Map<String, Map<String, String>> configMaps,
            List<String> problems) {
        Container c = w.pod().getContainers().get(0);
        VolumeMount best = null;
        for (VolumeMount m : c.getVolumeMounts()) {
            boolean covers = m.getSubPath() != null ? path.equals(m.getMountPath()) : path.startsWith(m.getMountPath() + "/");
            if (covers && (best == null || m.getMountPath().length() > best.getMountPath().length())) {
                best = m;
            }
        }
        if (best == null) {
            problems.add(w.id() + ": nothing is mounted at " + path);
            return null;
        }
        String mountName = best.getName();
        Volume volume = w.pod().getVolumes().stream().filter(v -> v.getName().equals(mountName)).findFirst().orElse(null);
        if (volume == null || volume.getConfigMap() == null) {
            problems.add(w.id() + ": " + path + " comes from " + mountName + ", not a ConfigMap");
            return null;
        }
        String relative = best.getSubPath() != null ? best.getSubPath() : path.substring(best.getMountPath().length() + 1);
        String key = relative;
        for (KeyToPath item : volume.getConfigMap().getItems()) {
            if (item.getPath().equals(relative)) {
                key = item.getKey();
            }
        }
        Map<String, String> data = configMaps.get(volume.getConfigMap().getName());
        if (data == null || !data.containsKey(key)) {
            problems.add(w.id() + ": " + path + " should be key " + key + " of ConfigMap " + volume.getConfigMap().getName()
                    + ", which it is not" + (data == null ? " (no such ConfigMap)" : " " + data.keySet()));
            return null;
        }
        return data.get(key);
    }

    static Map<String, Map<String, Object>> jobs(Map<String, Object> prometheusConfig) {
        Map<String, Map<String, Object>> jobs = new LinkedHashMap<>();
        for (Object job : list(prometheusConfig.get("scrape_configs"))) {
            jobs.put(String.valueOf(map(job).get("job_name")), map(job));
        }
        assertFalse(jobs.isEmpty(), "no scrape_configs");
        return jobs;
    }

    /** The container port name that a job's relabel_configs keep (action keep on the port name). */
    static String keptPort(Map<String, Object> job) {
        for (Object rule : list(job.get("relabel_configs"))) {
            Map<String, Object> r = map(rule);
            if ("keep".equals(r.get("action"))
                    && List.of("__meta_kubernetes_pod_container_port_name").equals(r.get("source_labels"))) {
                return String.valueOf(r.get("regex"));
            }
        }
        return null;
    }

    /** A top-level Alloy block, from its header to its closing brace (strings and // comments skipped). */
    static String block(String config, String header) {
        int start = config.indexOf(header + " {");
        assertTrue(start >= 0, "no block " + header);
        int depth = 0;
        boolean inString = false;
        for (int i = start; i < config.length(); i++) {
            char ch = config.charAt(i);
            if (inString) {
                if (ch == '\\') {
                    i++;
                } else if (ch == '"') {
                    inString = false;
                }
            } else if (ch == '/' && config.startsWith("//", i)) {
                i = config.indexOf('\n', i); // a comment, to the end of the line
            } else if (ch == '"') {
                inString = true;
            } else if (ch == '{') {
                depth++;
            } else if (ch == '}' && --depth == 0) {
                return config.substring(start, i + 1);
            }
        }
        throw new AssertionError("block " + header + " is not closed");
    }

    static List<Path> filesUnder(Path root) {
        if (Files.isRegularFile(root)) {
            return List.of(root);
        }
        try (Stream<Path> walk = Files.walk(root)) {
            return walk.filter(Files::isRegularFile).sorted().collect(Collectors.toList());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
