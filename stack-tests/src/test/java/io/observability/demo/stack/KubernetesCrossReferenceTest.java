package io.observability.demo.stack;

import static io.observability.demo.stack.StackFiles.list;
import static io.observability.demo.stack.StackFiles.map;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.ConfigMapKeySelector;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.KeyToPath;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.SecretKeySelector;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.Subject;

/**
 * The built Kubernetes resources refer to each other correctly, and run what compose runs: the same
 * services, environment, arguments and memory limits, reachable under the same host names and ports.
 */
class KubernetesCrossReferenceTest {

    /**
     * Where the environment differs from compose on purpose. Key: workload/variable; value: the Kubernetes
     * value (null: not set on Kubernetes), and why.
     */
    record Difference(String kubernetesValue, String why) {
    }

    static final Map<String, Difference> ENVIRONMENT_DIFFERENCES = Map.of(
            "checkout-service/DEPLOYMENT_ENVIRONMENT",
            new Difference("kubernetes", "deployment.environment.name says where it runs"),
            "inventory-service/DEPLOYMENT_ENVIRONMENT",
            new Difference("kubernetes", "deployment.environment.name says where it runs"),
            "payment-service/DEPLOYMENT_ENVIRONMENT",
            new Difference("kubernetes", "deployment.environment.name says where it runs"),
            "alloy/COMPOSE_PROJECT",
            new Difference(null, "compose's Alloy selects containers by compose project; here by namespace"),
            "alloy/NODE_NAME", new Difference("fieldRef:spec.nodeName", "each Alloy pod tails the pods of its own node"));

    /** host:port, with or without a scheme, in a URL or a target list. */
    private static final Pattern HOST_PORT = Pattern.compile("(?<![\\w.-])([a-z][a-z0-9-]*):(\\d{2,5})\\b");

    @Test
    void everyComposeServiceRunsOnKubernetesUnderItsName() {
        Set<String> compose = new TreeSet<>(StackFiles.composeServices().keySet());
        Set<String> kubernetes = Kubernetes.workloads(Kubernetes.all()).stream().map(Kubernetes.Workload::name)
                .collect(Collectors.toCollection(TreeSet::new));
        assertEquals(compose, kubernetes,
                "compose services and Kubernetes workloads (Deployment, StatefulSet, DaemonSet, Job)");
    }

    @Test
    void everyProbeAndServicePortNamesAPortTheContainerDeclares() {
        List<Kubernetes.Workload> workloads = Kubernetes.workloads(Kubernetes.all());
        List<String> problems = new ArrayList<>();
        for (Kubernetes.Workload w : workloads) {
            for (Container c : w.containers()) {
                Set<String> names = c.getPorts().stream().map(ContainerPort::getName).filter(Objects::nonNull)
                        .collect(Collectors.toSet());
                Map<String, Probe> probes = new LinkedHashMap<>();
                probes.put("startupProbe", c.getStartupProbe());
                probes.put("livenessProbe", c.getLivenessProbe());
                probes.put("readinessProbe", c.getReadinessProbe());
                probes.forEach((kind, probe) -> {
                    if (probe == null) {
                        return;
                    }
                    IntOrString port = probe.getHttpGet() != null ? probe.getHttpGet().getPort()
                            : probe.getTcpSocket() != null ? probe.getTcpSocket().getPort() : null;
                    if (port == null && probe.getExec() == null) {
                        problems.add(w.id() + " " + c.getName() + " " + kind + ": neither httpGet, tcpSocket nor exec");
                    } else if (port != null && (port.getStrVal() == null || !names.contains(port.getStrVal()))) {
                        problems.add(w.id() + " " + c.getName() + " " + kind + ": port " + port.getValue()
                                + " is not the name of one of its ports " + names);
                    }
                });
            }
        }
        for (Service s : Kubernetes.ofType(Kubernetes.all(), Service.class)) {
            List<Kubernetes.Workload> selected = selected(s, workloads);
            if (selected.size() != 1) {
                problems.add("Service " + s.getMetadata().getName() + " selects " + selected.size() + " workloads");
                continue;
            }
            Map<String, Integer> declared = new TreeMap<>();
            selected.get(0).containers()
                    .forEach(c -> c.getPorts().forEach(p -> declared.put(p.getName(), p.getContainerPort())));
            for (ServicePort port : s.getSpec().getPorts()) {
                String target = port.getTargetPort() == null ? null : port.getTargetPort().getStrVal();
                if (target == null || !declared.containsKey(target)) {
                    problems.add("Service " + s.getMetadata().getName() + " port " + port.getName() + ": targetPort "
                            + (port.getTargetPort() == null ? null : port.getTargetPort().getValue())
                            + " is not the name of a port of " + selected.get(0).id() + " " + declared.keySet());
                } else if (!declared.get(target).equals(port.getPort())) {
                    // host:port from compose must mean the same container port here.
                    problems.add("Service " + s.getMetadata().getName() + " port " + port.getPort() + " forwards to "
                            + declared.get(target) + ": keep the container's port number");
                }
            }
        }
        assertTrue(problems.isEmpty(), String.join("\n", problems));
    }

    /** Every host:port that a service, a stack component or a configuration file calls is a Service here. */
    @Test
    void everyComposeHostAndPortInUseIsAServiceWithThatPort() {
        Set<String> composeNames = StackFiles.composeServices().keySet();
        Map<String, Set<Integer>> services = new TreeMap<>();
        for (Service s : Kubernetes.ofType(Kubernetes.all(), Service.class)) {
            services.put(s.getMetadata().getName(),
                    s.getSpec().getPorts().stream().map(ServicePort::getPort).collect(Collectors.toSet()));
        }
        Map<String, String> used = new TreeMap<>(); // host:port -> where
        for (Kubernetes.Workload w : Kubernetes.workloads(Kubernetes.all())) {
            for (Container c : w.containers()) {
                for (EnvVar e : c.getEnv()) {
                    if (e.getValue() != null) {
                        hostPorts(e.getValue()).forEach(hp -> used.putIfAbsent(hp, w.id() + " " + e.getName()));
                    }
                }
            }
        }
        for (String file : List.of("deploy/grafana/provisioning/datasources/datasources.yml",
                "deploy/alertmanager/alertmanager.yml",
                "deploy/kubernetes/prometheus/prometheus.yml", "deploy/kubernetes/alloy/config.alloy")) {
            String text = StackFiles.read(StackFiles.resolve(file)).lines()
                    .filter(l -> !l.strip().startsWith("#") && !l.strip().startsWith("//")).collect(Collectors.joining("\n"));
            hostPorts(text).forEach(hp -> used.putIfAbsent(hp, file));
        }
        List<String> problems = new ArrayList<>();
        int checked = 0;
        for (Map.Entry<String, String> e : used.entrySet()) {
            String host = e.getKey().split(":")[0];
            int port = Integer.parseInt(e.getKey().split(":")[1]);
            if (!composeNames.contains(host)) {
                continue; // localhost, 127.0.0.1 and the like
            }
            checked++;
            if (!services.containsKey(host)) {
                problems.add(e.getValue() + " calls " + e.getKey() + ", but there is no Service " + host);
            } else if (!services.get(host).contains(port)) {
                problems.add(e.getValue() + " calls " + e.getKey() + ", but Service " + host + " has the ports "
                        + services.get(host));
            }
        }
        assertTrue(checked >= 8,
                "expected the services, Prometheus, Loki, Jaeger, Alertmanager and the sink to be called; found " + used);
        assertTrue(problems.isEmpty(), String.join("\n", problems));
    }

    @Test
    void everyConfigMapSecretVolumeAndAccountAPodUsesExists() {
        Map<String, Map<String, String>> configMaps = Kubernetes.configMaps();
        Map<String, Map<String, String>> secrets = Kubernetes.secrets();
        Set<String> accounts = Kubernetes.ofType(Kubernetes.all(), ServiceAccount.class).stream()
                .map(a -> a.getMetadata().getName()).collect(Collectors.toSet());
        List<String> problems = new ArrayList<>();
        for (Kubernetes.Workload w : Kubernetes.workloads(Kubernetes.all())) {
            String account = w.pod().getServiceAccountName();
            if (account != null && !accounts.contains(account)) {
                problems.add(w.id() + ": ServiceAccount " + account + " does not exist");
            }
            Map<String, Volume> volumes = new LinkedHashMap<>();
            for (Volume v : w.pod().getVolumes()) {
                volumes.put(v.getName(), v);
                if (v.getConfigMap() != null) {
                    checkKeys(w.id() + " volume " + v.getName(), "ConfigMap", v.getConfigMap().getName(),
                            v.getConfigMap().getItems(), configMaps, problems);
                }
                if (v.getSecret() != null) {
                    checkKeys(w.id() + " volume " + v.getName(), "Secret", v.getSecret().getSecretName(),
                            v.getSecret().getItems(), secrets, problems);
                }
            }
            Set<String> mounted = new TreeSet<>();
            for (Container c : w.containers()) {
                for (VolumeMount m : c.getVolumeMounts()) {
                    mounted.add(m.getName());
                    Volume v = volumes.get(m.getName());
                    if (v == null && !w.claimTemplates().contains(m.getName())) {
                        problems.add(w.id() + " " + c.getName() + ": mounts " + m.getName()
                                + ", which is neither a volume nor a volume claim template");
                    } else if (v != null && m.getSubPath() != null && v.getConfigMap() != null
                            && !configMaps.getOrDefault(v.getConfigMap().getName(), Map.of()).containsKey(m.getSubPath())) {
                        problems.add(w.id() + " " + c.getName() + ": subPath " + m.getSubPath() + " is not a key of ConfigMap "
                                + v.getConfigMap().getName());
                    }
                }
                for (EnvVar e : c.getEnv()) {
                    if (e.getValueFrom() == null) {
                        continue;
                    }
                    SecretKeySelector secret = e.getValueFrom().getSecretKeyRef();
                    ConfigMapKeySelector configMap = e.getValueFrom().getConfigMapKeyRef();
                    if (secret != null && !secrets.getOrDefault(secret.getName(), Map.of()).containsKey(secret.getKey())) {
                        problems.add(w.id() + " " + c.getName() + " env " + e.getName() + ": no key " + secret.getKey()
                                + " in Secret " + secret.getName());
                    }
                    if (configMap != null
                            && !configMaps.getOrDefault(configMap.getName(), Map.of()).containsKey(configMap.getKey())) {
                        problems.add(w.id() + " " + c.getName() + " env " + e.getName() + ": no key " + configMap.getKey()
                                + " in ConfigMap " + configMap.getName());
                    }
                }
                for (EnvFromSource from : c.getEnvFrom()) {
                    if (from.getConfigMapRef() != null && !configMaps.containsKey(from.getConfigMapRef().getName())) {
                        problems.add(w.id() + " " + c.getName() + ": envFrom ConfigMap " + from.getConfigMapRef().getName()
                                + " does not exist");
                    }
                    if (from.getSecretRef() != null && !secrets.containsKey(from.getSecretRef().getName())) {
                        problems.add(w.id() + " " + c.getName() + ": envFrom Secret " + from.getSecretRef().getName()
                                + " does not exist");
                    }
                }
            }
            Set<String> unused = new TreeSet<>(volumes.keySet());
            unused.addAll(w.claimTemplates());
            unused.removeAll(mounted);
            if (!unused.isEmpty()) {
                problems.add(w.id() + ": volumes never mounted " + unused);
            }
        }
        for (RoleBinding binding : Kubernetes.ofType(Kubernetes.all(), RoleBinding.class)) {
            Set<String> roles = Kubernetes.ofType(Kubernetes.all(), Role.class).stream().map(r -> r.getMetadata().getName())
                    .collect(Collectors.toSet());
            if (!"Role".equals(binding.getRoleRef().getKind()) || !roles.contains(binding.getRoleRef().getName())) {
                problems.add("RoleBinding " + binding.getMetadata().getName() + ": no Role " + binding.getRoleRef().getName());
            }
            for (Subject subject : binding.getSubjects()) {
                if (!"ServiceAccount".equals(subject.getKind()) || !accounts.contains(subject.getName())) {
                    problems.add("RoleBinding " + binding.getMetadata().getName() + ": subject " + subject.getKind() + " "
                            + subject.getName());
                }
            }
        }
        assertTrue(problems.isEmpty(), String.join("\n", problems));
    }

    /** Least privilege: namespaced Roles that only read. */
    @Test
    void theOnlyPermissionsAreNamespacedReadOnlyRoles() {
        List<String> problems = new ArrayList<>();
        for (var doc : Kubernetes.all()) {
            String kind = doc.path("kind").asText();
            if (kind.startsWith("Cluster")) {
                problems.add(Kubernetes.describe(doc) + ": cluster-wide");
            }
        }
        for (Role role : Kubernetes.ofType(Kubernetes.all(), Role.class)) {
            role.getRules().forEach(rule -> {
                if (!Set.of("get", "list", "watch").containsAll(rule.getVerbs())) {
                    problems.add("Role " + role.getMetadata().getName() + ": verbs " + rule.getVerbs());
                }
            });
        }
        assertTrue(problems.isEmpty(), String.join("\n", problems));
    }

    @Test
    void everyWorkloadHasTheEnvironmentOfItsComposeService() {
        Map<String, String> dotEnv = StackFiles.dotEnv();
        Map<String, Map<String, Object>> compose = StackFiles.composeServices();
        Map<String, Map<String, String>> secrets = Kubernetes.secrets();
        Set<String> differencesSeen = new TreeSet<>();
        List<String> problems = new ArrayList<>();
        for (Kubernetes.Workload w : Kubernetes.workloads(Kubernetes.all())) {
            Map<String, Object> service = compose.get(w.name());
            if (service == null) {
                continue; // reported by everyComposeServiceRunsOnKubernetesUnderItsName
            }
            Map<String, String> expected = composeEnvironment(service, dotEnv);
            Map<String, String> actual = new TreeMap<>();
            for (EnvVar e : w.pod().getContainers().get(0).getEnv()) {
                actual.put(e.getName(), resolve(w, e, secrets));
            }
            Set<String> names = new TreeSet<>(expected.keySet());
            names.addAll(actual.keySet());
            for (String name : names) {
                String key = w.name() + "/" + name;
                Difference difference = ENVIRONMENT_DIFFERENCES.get(key);
                String want = difference != null ? difference.kubernetesValue() : expected.get(name);
                if (difference != null) {
                    differencesSeen.add(key);
                }
                if (!Objects.equals(want, actual.get(name))) {
                    problems.add(w.id() + " " + name + ": Kubernetes " + actual.get(name) + ", compose " + expected.get(name)
                            + (difference != null ? " (intended on Kubernetes: " + want + ", " + difference.why() + ")" : ""));
                }
            }
        }
        assertTrue(problems.isEmpty(), String.join("\n", problems));
        assertEquals(new TreeSet<>(ENVIRONMENT_DIFFERENCES.keySet()), differencesSeen,
                "intended differences that no longer exist");
    }

    /** compose `command:` replaces the image's CMD; `args:` does the same on Kubernetes. */
    @Test
    void everyContainerRunsTheCommandOfItsComposeService() {
        Map<String, Map<String, Object>> compose = StackFiles.composeServices();
        List<String> problems = new ArrayList<>();
        for (Kubernetes.Workload w : Kubernetes.workloads(Kubernetes.all())) {
            Map<String, Object> service = compose.get(w.name());
            if (service == null) {
                continue;
            }
            Container c = w.pod().getContainers().get(0);
            Object command = service.get("command");
            List<String> expected = command == null ? List.of()
                    : command instanceof List ? list(command).stream().map(String::valueOf).collect(Collectors.toList())
                            : List.of(String.valueOf(command).split("\\s+"));
            if (!expected.equals(c.getArgs())) {
                problems.add(w.id() + ": args " + c.getArgs() + ", compose command " + expected);
            }
            if (!c.getCommand().isEmpty() || service.get("entrypoint") != null) {
                problems.add(w.id() + ": overrides the image's entrypoint");
            }
        }
        assertTrue(problems.isEmpty(), String.join("\n", problems));
    }

    /** Memory: the limit of compose, requested in full; CPU: requested. */
    @Test
    void everyContainerHasComposesMemoryLimitAsRequestAndLimit() {
        Map<String, Map<String, Object>> compose = StackFiles.composeServices();
        List<String> problems = new ArrayList<>();
        for (Kubernetes.Workload w : Kubernetes.workloads(Kubernetes.all())) {
            Map<String, Object> service = compose.get(w.name());
            for (Container c : w.containers()) {
                String where = w.id() + " " + c.getName();
                if (c.getResources() == null || c.getResources().getLimits() == null
                        || c.getResources().getRequests() == null) {
                    problems.add(where + ": no resources");
                    continue;
                }
                Quantity limit = c.getResources().getLimits().get("memory");
                Quantity request = c.getResources().getRequests().get("memory");
                if (c.getResources().getRequests().get("cpu") == null) {
                    problems.add(where + ": no CPU request");
                }
                if (limit == null || request == null
                        || Quantity.getAmountInBytes(limit).compareTo(Quantity.getAmountInBytes(request)) != 0) {
                    problems.add(where + ": memory request " + request + " must equal the limit " + limit);
                    continue;
                }
                Object composeLimit = service == null ? null
                        : map(map(map(service.get("deploy")).get("resources")).get("limits")).get("memory");
                if (composeLimit == null) {
                    problems.add(where + ": compose has no memory limit to compare with");
                } else if (Quantity.getAmountInBytes(limit).compareTo(composeBytes(composeLimit.toString())) != 0) {
                    problems.add(where + ": memory limit " + limit + ", compose " + composeLimit);
                }
            }
        }
        assertTrue(problems.isEmpty(), String.join("\n", problems));
    }

    // ------------------------------------------------------------------ helpers

    static List<Kubernetes.Workload> selected(Service service, List<Kubernetes.Workload> workloads) {
        Map<String, String> selector = service.getSpec().getSelector();
        assertFalse(selector == null || selector.isEmpty(), "Service " + service.getMetadata().getName() + " has no selector");
        return workloads.stream()
                .filter(w -> w.template().getMetadata().getLabels().entrySet().containsAll(selector.entrySet()))
                .collect(Collectors.toList());
    }

    static List<String> hostPorts(String text) {
        List<String> result = new ArrayList<>();
        Matcher m = HOST_PORT.matcher(text);
        while (m.find()) {
            result.add(m.group(1) + ":" + m.group(2));
        }
        return result;
    }

    /** A compose service's environment (map or KEY=VALUE list, anchors merged), interpolated as Compose does. */
    static Map<String, String> composeEnvironment(Map<String, Object> service, Map<String, String> dotEnv) {
        Map<String, String> result = new TreeMap<>();
        Object environment = service.get("environment");
        if (environment instanceof Map) {
            map(environment)
                    .forEach((k, v) -> result.put(k, v == null ? null : StackFiles.interpolate(String.valueOf(v), dotEnv)));
        } else {
            for (Object entry : list(environment)) {
                String[] kv = String.valueOf(entry).split("=", 2);
                result.put(kv[0], kv.length > 1 ? StackFiles.interpolate(kv[1], dotEnv) : null);
            }
        }
        return result;
    }

    private static String resolve(Kubernetes.Workload w, EnvVar e, Map<String, Map<String, String>> secrets) {
        if (e.getValueFrom() == null) {
            return e.getValue();
        }
        if (e.getValueFrom().getSecretKeyRef() != null) {
            SecretKeySelector ref = e.getValueFrom().getSecretKeyRef();
            return secrets.getOrDefault(ref.getName(), Map.of()).get(ref.getKey());
        }
        if (e.getValueFrom().getFieldRef() != null) {
            return "fieldRef:" + e.getValueFrom().getFieldRef().getFieldPath();
        }
        return w.id() + " " + e.getName() + ": unsupported valueFrom";
    }

    private static void checkKeys(String where, String kind, String name, List<KeyToPath> items,
            Map<String, Map<String, String>> existing, List<String> problems) {
        if (!existing.containsKey(name)) {
            problems.add(where + ": " + kind + " " + name + " does not exist (built: " + existing.keySet() + ")");
            return;
        }
        for (KeyToPath item : items) {
            if (!existing.get(name).containsKey(item.getKey())) {
                problems.add(where + ": no key " + item.getKey() + " in " + kind + " " + name);
            }
        }
    }

    /** Compose (Docker) memory: b, k, m, g, binary multiples ("512M" is 512 MiB). */
    static BigDecimal composeBytes(String value) {
        Matcher m = Pattern.compile("(?i)(\\d+(?:\\.\\d+)?)([bkmg]?)b?").matcher(value.strip());
        assertTrue(m.matches(), "not a compose memory value: " + value);
        int power = "bkmg".indexOf(m.group(2).isEmpty() ? 'b' : Character.toLowerCase(m.group(2).charAt(0)));
        return new BigDecimal(m.group(1)).multiply(BigDecimal.valueOf(1024).pow(power));
    }
}
