package io.observability.demo.stack;

import static io.observability.demo.stack.StackFiles.list;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.Volume;

/**
 * The Kubernetes manifests build, every resource is valid against the Kubernetes schema and has a typed model,
 * images are the pinned ones, nothing is published outside the cluster, and every pod meets the Pod Security
 * Standard the namespace enforces.
 */
class KubernetesManifestsTest {

    /** kubectl's last-applied-configuration annotation, and so client-side `kubectl apply`, stops at 256 KiB. */
    static final int ANNOTATION_LIMIT = 256 * 1024;

    @Test
    void theStackAndTheLoadTestBuildWithKustomize() {
        for (String dir : List.of(Kubernetes.STACK, Kubernetes.LOAD)) {
            List<JsonNode> docs = Kubernetes.build(dir);
            assertFalse(docs.isEmpty(), "kubectl kustomize " + dir + " produced nothing");
            for (JsonNode doc : docs) {
                if (!"Namespace".equals(doc.path("kind").asText())) {
                    assertEquals(Kubernetes.NAMESPACE, doc.path("metadata").path("namespace").asText(),
                            dir + ": " + Kubernetes.describe(doc) + " is not in the namespace " + Kubernetes.NAMESPACE);
                }
            }
        }
    }

    /** Works without kubectl: every file a kustomization lists under resources. */
    @Test
    void everyResourceFileIsStrictlyValid() {
        List<String> problems = new ArrayList<>();
        int documents = 0;
        for (Path file : resourceFiles()) {
            for (JsonNode doc : Kubernetes.documents(file)) {
                documents++;
                for (String problem : Kubernetes.strictProblems(doc)) {
                    problems.add(StackFiles.relative(file) + " " + Kubernetes.describe(doc) + ": " + problem);
                }
            }
        }
        assertTrue(documents >= 20, "expected the stack's resources, found " + documents + " documents");
        assertTrue(problems.isEmpty(), String.join("\n", problems));
    }

    /** The built resources: what the resource files become with the generators, images and patches applied. */
    @Test
    void everyBuiltResourceIsStrictlyValid() {
        List<String> problems = new ArrayList<>();
        for (JsonNode doc : Kubernetes.all()) {
            for (String problem : Kubernetes.strictProblems(doc)) {
                problems.add(Kubernetes.describe(doc) + ": " + problem);
            }
        }
        assertTrue(problems.isEmpty(), String.join("\n", problems));
    }

    /** The check above would be worthless if a misspelt field passed: fabric8's models alone accept one. */
    @Test
    void aMisspeltFieldIsAnError() {
        JsonNode checkout = Kubernetes.documents(StackFiles.resolve("deploy/kubernetes/services/checkout-service.yaml")).get(0);
        assertEquals(List.of(), Kubernetes.strictProblems(checkout), "the original is valid");

        ObjectNode pullPolicy = checkout.deepCopy();
        container(pullPolicy).put("imagePullPolicyy", "IfNotPresent");
        assertTrue(Kubernetes.strictProblems(pullPolicy).stream().anyMatch(p -> p.contains("imagePullPolicyy")),
                "imagePullPolicyy was accepted");

        ObjectNode probePort = checkout.deepCopy();
        ((ObjectNode) container(probePort).path("livenessProbe").path("httpGet")).put("portt", "management");
        assertTrue(Kubernetes.strictProblems(probePort).stream().anyMatch(p -> p.contains("portt")),
                "livenessProbe.httpGet.portt was accepted");

        ObjectNode kind = checkout.deepCopy();
        kind.put("kind", "Deploymnet");
        assertFalse(Kubernetes.strictProblems(kind).isEmpty(), "kind Deploymnet was accepted");
    }

    @Test
    void noObjectIsTooLargeForKubectlApply() {
        List<String> problems = new ArrayList<>();
        for (JsonNode doc : Kubernetes.all()) {
            int size = Kubernetes.compactJson(doc).getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
            if (size >= ANNOTATION_LIMIT) {
                problems.add(Kubernetes.describe(doc) + ": " + size + " bytes");
            }
        }
        assertTrue(problems.isEmpty(), "kubectl apply (client-side) keeps a copy of each object in an annotation of at most "
                + ANNOTATION_LIMIT + " bytes; split these, or document `kubectl apply --server-side`:\n"
                + String.join("\n", problems));
    }

    @Test
    void everyStackImageIsThePinFromDotEnvAndTheServicesAreTheProjectsImages() {
        Map<String, String> env = StackFiles.dotEnv();
        Map<String, Map<String, Object>> compose = StackFiles.composeServices();
        List<String> problems = new ArrayList<>();
        for (Kubernetes.Workload w : Kubernetes.workloads(Kubernetes.all())) {
            Map<String, Object> service = compose.get(w.name());
            for (Container c : w.containers()) {
                String expected;
                if (service == null) {
                    problems.add(w.id() + ": no compose service of that name to take its image from");
                    continue;
                } else if (service.get("build") != null) {
                    expected = "observability-demo/" + w.name() + ":1.0.0";
                } else {
                    expected = StackFiles.interpolate(String.valueOf(service.get("image")), env);
                }
                if (!expected.equals(c.getImage())) {
                    problems.add(w.id() + " container " + c.getName() + ": image " + c.getImage() + ", expected " + expected);
                }
            }
        }
        assertTrue(problems.isEmpty(), String.join("\n", problems));
    }

    /** Compose publishes ports on the host; here everything stays in the cluster and kubectl port-forward reaches it. */
    @Test
    void nothingIsPublishedOutsideTheCluster() {
        List<String> problems = new ArrayList<>();
        for (Service s : Kubernetes.ofType(Kubernetes.all(), Service.class)) {
            String type = s.getSpec().getType();
            if (type != null && !"ClusterIP".equals(type)) {
                problems.add("Service " + s.getMetadata().getName() + " is " + type);
            }
        }
        for (Kubernetes.Workload w : Kubernetes.workloads(Kubernetes.all())) {
            if (Boolean.TRUE.equals(w.pod().getHostNetwork())) {
                problems.add(w.id() + ": hostNetwork");
            }
            for (Container c : w.containers()) {
                c.getPorts().stream().filter(p -> p.getHostPort() != null)
                        .forEach(p -> problems.add(w.id() + " " + c.getName() + ": hostPort " + p.getHostPort()));
            }
        }
        for (JsonNode doc : Kubernetes.all()) {
            if (Set.of("Ingress", "Gateway", "HTTPRoute").contains(doc.path("kind").asText())) {
                problems.add(Kubernetes.describe(doc));
            }
        }
        assertTrue(problems.isEmpty(), String.join("\n", problems));
    }

    /**
     * The namespace enforces the "restricted" Pod Security Standard, so a pod that does not meet it is never
     * created. The rules of that profile that these manifests can break
     * (kubernetes.io/docs/concepts/security/pod-security-standards).
     */
    @Test
    void everyPodMeetsTheRestrictedPodSecurityStandard() {
        HasMetadata namespace = Kubernetes.build(Kubernetes.STACK).stream().map(Kubernetes::typed)
                .filter(r -> "Namespace".equals(r.getKind())).findFirst().orElseThrow();
        assertEquals("restricted", namespace.getMetadata().getLabels().get("pod-security.kubernetes.io/enforce"));

        Set<String> allowedVolumes = Set.of("configMap", "csi", "downwardAPI", "emptyDir", "ephemeral",
                "persistentVolumeClaim", "projected", "secret");
        List<String> problems = new ArrayList<>();
        for (Kubernetes.Workload w : Kubernetes.workloads(Kubernetes.all())) {
            PodSecurityContext pod = w.pod().getSecurityContext();
            if (Boolean.TRUE.equals(w.pod().getHostNetwork()) || Boolean.TRUE.equals(w.pod().getHostPID())
                    || Boolean.TRUE.equals(w.pod().getHostIPC())) {
                problems.add(w.id() + ": host namespaces");
            }
            for (Volume v : w.pod().getVolumes()) {
                Set<String> types = new TreeSet<>();
                Kubernetes.tree(v).fieldNames().forEachRemaining(types::add);
                types.remove("name");
                if (!allowedVolumes.containsAll(types)) {
                    problems.add(w.id() + ": volume " + v.getName() + " of type " + types);
                }
            }
            for (Container c : w.containers()) {
                SecurityContext sc = c.getSecurityContext();
                String where = w.id() + " container " + c.getName();
                boolean nonRoot = (sc != null && Boolean.TRUE.equals(sc.getRunAsNonRoot()))
                        || (pod != null && Boolean.TRUE.equals(pod.getRunAsNonRoot()));
                Long user = sc != null && sc.getRunAsUser() != null ? sc.getRunAsUser()
                        : pod != null ? pod.getRunAsUser() : null;
                String seccomp = sc != null && sc.getSeccompProfile() != null ? sc.getSeccompProfile().getType()
                        : pod != null && pod.getSeccompProfile() != null ? pod.getSeccompProfile().getType() : null;
                if (!nonRoot) {
                    problems.add(where + ": runAsNonRoot is not true");
                }
                // A numeric user lets the kubelet verify runAsNonRoot even for images whose USER is a name.
                if (user == null || user == 0) {
                    problems.add(where + ": runAsUser must be the image's non-root uid, is " + user);
                }
                if (!"RuntimeDefault".equals(seccomp) && !"Localhost".equals(seccomp)) {
                    problems.add(where + ": seccompProfile " + seccomp);
                }
                if (sc == null || !Boolean.FALSE.equals(sc.getAllowPrivilegeEscalation())) {
                    problems.add(where + ": allowPrivilegeEscalation must be false");
                }
                if (sc == null || sc.getCapabilities() == null || sc.getCapabilities().getDrop() == null
                        || !sc.getCapabilities().getDrop().contains("ALL")) {
                    problems.add(where + ": capabilities must drop ALL");
                } else if (sc.getCapabilities().getAdd() != null
                        && !Set.of("NET_BIND_SERVICE").containsAll(sc.getCapabilities().getAdd())) {
                    problems.add(where + ": adds capabilities " + sc.getCapabilities().getAdd());
                }
                if (sc != null && Boolean.TRUE.equals(sc.getPrivileged())) {
                    problems.add(where + ": privileged");
                }
            }
        }
        assertTrue(problems.isEmpty(), String.join("\n", problems));
    }

    /** The files that a kustomization lists under `resources:`, read from disk (no kubectl needed). */
    static List<Path> resourceFiles() {
        List<Path> files = new ArrayList<>();
        for (String dir : List.of(Kubernetes.STACK, Kubernetes.LOAD)) {
            Path root = StackFiles.resolve(dir);
            for (Object entry : list(StackFiles.loadYamlMap(root.resolve("kustomization.yaml")).get("resources"))) {
                files.add(root.resolve(entry.toString()).normalize());
            }
        }
        assertFalse(files.isEmpty(), "no resources listed in the kustomizations");
        return files;
    }

    private static ObjectNode container(ObjectNode deployment) {
        return (ObjectNode) deployment.path("spec").path("template").path("spec").path("containers").get(0);
    }
}
