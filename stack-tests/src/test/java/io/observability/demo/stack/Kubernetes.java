package io.observability.demo.stack;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Assumptions;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.schema.validator.ValidationMessage;
import io.fabric8.kubernetes.schema.validator.ValidationReport;
import io.fabric8.kubernetes.schema.validator.Validator;

/**
 * The Kubernetes manifests of the repository: the kustomization at deploy/ (the stack) and the one at
 * deploy/kubernetes/load (the k6 Job), built with {@code kubectl kustomize} (the real kustomize, nothing
 * re-implemented here) and read into fabric8's typed models.
 * <p>
 * "Strict" means two things fabric8's model classes do not do on their own (they keep unknown fields in
 * {@code additionalProperties}): every document is checked against the Kubernetes OpenAPI schema by
 * fabric8's {@link Validator} (unknown fields, wrong types, missing required fields are errors), and its
 * apiVersion/kind must map to a typed model class, not to {@link GenericKubernetesResource}.
 */
final class Kubernetes {

    static final String STACK = "deploy";
    static final String LOAD = "deploy/kubernetes/load";
    static final String NAMESPACE = "observability-demo";

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final ObjectMapper JSON = new ObjectMapper();
    private static Validator validator;
    private static final Map<String, List<JsonNode>> BUILDS = new LinkedHashMap<>();

    private Kubernetes() {
    }

    // ------------------------------------------------------------------ kubectl kustomize

    /** kubectl on the PATH, if any. */
    static Optional<Path> kubectl() {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        return Stream.of(path.split(File.pathSeparator))
                .map(dir -> Path.of(dir, "kubectl"))
                .filter(Files::isExecutable)
                .findFirst();
    }

    /** Skips the calling test, saying why, where kubectl is not installed. */
    static Path requireKubectl() {
        Optional<Path> kubectl = kubectl();
        Assumptions.assumeTrue(kubectl.isPresent(), "kubectl is not on the PATH: the Kubernetes manifests are built "
                + "with `kubectl kustomize deploy` (kustomize is built into kubectl), so this check needs it. "
                + "Install kubectl to run it; CI (.ci/run) requires it.");
        return kubectl.get();
    }

    /**
     * The output of {@code kubectl kustomize DIR}; fails the test with kustomize's error when it fails.
     */
    static String kustomize(String dir) {
        Path kubectl = requireKubectl();
        try {
            Path out = Files.createTempFile("kustomize", ".yaml");
            Path err = Files.createTempFile("kustomize", ".err");
            try {
                Process process = new ProcessBuilder(kubectl.toString(), "kustomize", StackFiles.resolve(dir).toString())
                        .redirectOutput(out.toFile())
                        .redirectError(err.toFile())
                        .start();
                if (!process.waitFor(2, TimeUnit.MINUTES)) {
                    process.destroyForcibly();
                    fail("kubectl kustomize " + dir + " did not finish in 2 minutes");
                }
                if (process.exitValue() != 0) {
                    fail("kubectl kustomize " + dir + " failed (exit " + process.exitValue() + "):\n"
                            + Files.readString(err, StandardCharsets.UTF_8));
                }
                return Files.readString(out, StandardCharsets.UTF_8);
            } finally {
                Files.deleteIfExists(out);
                Files.deleteIfExists(err);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * The documents of {@code kubectl kustomize DIR}, built once per test run.
     */
    static synchronized List<JsonNode> build(String dir) {
        return BUILDS.computeIfAbsent(dir, d -> documents(kustomize(d)));
    }

    /** Both builds: the stack and the load test. */
    static List<JsonNode> all() {
        List<JsonNode> all = new ArrayList<>(build(STACK));
        all.addAll(build(LOAD));
        return all;
    }

    // ------------------------------------------------------------------ parsing

    static List<JsonNode> documents(String yaml) {
        try (MappingIterator<JsonNode> docs = YAML.readerFor(JsonNode.class).readValues(yaml)) {
            List<JsonNode> result = new ArrayList<>();
            while (docs.hasNext()) {
                JsonNode doc = docs.next();
                if (doc != null && !doc.isNull() && !doc.isMissingNode()) {
                    result.add(doc);
                }
            }
            return result;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<JsonNode> documents(Path file) {
        return documents(StackFiles.read(file));
    }

    /** Schema errors of one document (empty when it is valid). */
    static synchronized List<String> schemaErrors(JsonNode document) {
        if (validator == null) {
            validator = Validator.newInstance();
        }
        ValidationReport report = validator.validate(document);
        return report.getMessages().stream()
                .filter(m -> m.getLevel() == ValidationMessage.Level.ERROR)
                .map(ValidationMessage::getMessage)
                .collect(Collectors.toList());
    }

    /** The document in its typed fabric8 model; fails for a kind fabric8 has no model for. */
    static HasMetadata typed(JsonNode document) {
        KubernetesResource resource;
        try {
            resource = JSON.treeToValue(document, KubernetesResource.class);
        } catch (IOException e) {
            throw new AssertionError("does not deserialize into a fabric8 model: " + describe(document) + ": " + e.getMessage(),
                    e);
        }
        if (!(resource instanceof HasMetadata) || resource instanceof GenericKubernetesResource) {
            fail("no typed Kubernetes model for apiVersion " + document.path("apiVersion").asText()
                    + ", kind " + document.path("kind").asText() + " (" + describe(document) + ")");
        }
        return (HasMetadata) resource;
    }

    /** Every problem of a document: schema errors, then a missing typed model. */
    static List<String> strictProblems(JsonNode document) {
        List<String> problems = new ArrayList<>(schemaErrors(document));
        try {
            typed(document);
        } catch (AssertionError e) {
            problems.add(e.getMessage());
        }
        return problems;
    }

    static String describe(JsonNode document) {
        return document.path("kind").asText("?") + "/" + document.path("metadata").path("name").asText("?");
    }

    // ------------------------------------------------------------------ typed views

    static <T extends HasMetadata> List<T> ofType(List<JsonNode> documents, Class<T> type) {
        List<T> result = new ArrayList<>();
        for (JsonNode doc : documents) {
            HasMetadata resource = typed(doc);
            if (type.isInstance(resource)) {
                result.add(type.cast(resource));
            }
        }
        return result;
    }

    /** A workload (Deployment, StatefulSet, DaemonSet, Job) with its pod template. */
    record Workload(String kind, String name, PodTemplateSpec template, List<String> claimTemplates) {
        PodSpec pod() {
            return template.getSpec();
        }

        List<Container> containers() {
            List<Container> all = new ArrayList<>(pod().getContainers());
            if (pod().getInitContainers() != null) {
                all.addAll(pod().getInitContainers());
            }
            return all;
        }

        String id() {
            return kind + "/" + name;
        }
    }

    static List<Workload> workloads(List<JsonNode> documents) {
        List<Workload> result = new ArrayList<>();
        for (JsonNode doc : documents) {
            HasMetadata r = typed(doc);
            String name = r.getMetadata().getName();
            if (r instanceof Deployment d) {
                result.add(new Workload(r.getKind(), name, d.getSpec().getTemplate(), List.of()));
            } else if (r instanceof StatefulSet s) {
                result.add(new Workload(r.getKind(), name, s.getSpec().getTemplate(), s.getSpec().getVolumeClaimTemplates()
                        .stream().map(c -> c.getMetadata().getName()).collect(Collectors.toList())));
            } else if (r instanceof DaemonSet ds) {
                result.add(new Workload(r.getKind(), name, ds.getSpec().getTemplate(), List.of()));
            } else if (r instanceof Job j) {
                result.add(new Workload(r.getKind(), name, j.getSpec().getTemplate(), List.of()));
            }
        }
        assertTrue(!result.isEmpty(), "no workloads found: the parser is broken");
        return result;
    }

    /** ConfigMap name -> key -> text, from the stack's build (the load test's Job refers to it). */
    static Map<String, Map<String, String>> configMaps() {
        Map<String, Map<String, String>> result = new LinkedHashMap<>();
        for (ConfigMap cm : ofType(all(), ConfigMap.class)) {
            Map<String, String> data = new LinkedHashMap<>();
            if (cm.getData() != null) {
                data.putAll(cm.getData());
            }
            if (cm.getBinaryData() != null) {
                cm.getBinaryData()
                        .forEach((k, v) -> data.put(k, new String(Base64.getDecoder().decode(v), StandardCharsets.UTF_8)));
            }
            result.put(cm.getMetadata().getName(), data);
        }
        return result;
    }

    /** Secret name -> key -> decoded value. */
    static Map<String, Map<String, String>> secrets() {
        Map<String, Map<String, String>> result = new LinkedHashMap<>();
        for (Secret secret : ofType(all(), Secret.class)) {
            Map<String, String> data = new LinkedHashMap<>();
            if (secret.getData() != null) {
                secret.getData()
                        .forEach((k, v) -> data.put(k, new String(Base64.getDecoder().decode(v), StandardCharsets.UTF_8)));
            }
            if (secret.getStringData() != null) {
                data.putAll(secret.getStringData());
            }
            result.put(secret.getMetadata().getName(), data);
        }
        return result;
    }

    /** A typed model object as a JSON tree (fabric8 models leave out fields that are not set). */
    static JsonNode tree(Object model) {
        return JSON.valueToTree(model);
    }

    /** The compact JSON of a document, as kubectl stores it in the last-applied-configuration annotation. */
    static String compactJson(JsonNode document) {
        try {
            return JSON.writeValueAsString(document);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
