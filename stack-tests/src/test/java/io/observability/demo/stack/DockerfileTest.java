package io.observability.demo.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

/**
 * The root Dockerfile: pinned base images, every Maven module's pom in the build context, one build stage for
 * the three services, and a runtime stage that trains and uses its JDK AOT cache with the flags the benchmark
 * measures. These read the file; deploy/test/containers.sh builds and runs the images in CI.
 */
class DockerfileTest {

    private static final Pattern FROM = Pattern.compile("(?im)^FROM\\s+(?:--platform=\\S+\\s+)?(\\S+)(?:\\s+AS\\s+(\\S+))?");
    /** {@code ARG NAME=default} before the first stage: the base images, replaceable with --build-arg. */
    private static final Pattern ARG = Pattern.compile("(?m)^ARG\\s+(\\w+)=(\\S+)$");
    private static final Pattern MODULE = Pattern.compile("<module>\\s*([^<\\s]+)\\s*</module>");
    /** {@code COPY [--chown=..] <source>... <destination>}, not {@code COPY --from=<stage>}. */
    private static final Pattern COPY = Pattern.compile("(?m)^COPY\\s+(?!.*--from=)(?:--\\S+\\s+)*(.+)$");

    private static String dockerfile() {
        return StackFiles.read(StackFiles.resolve("Dockerfile"));
    }

    /** The base image of every stage that does not build on an earlier one, {@code ${ARG}} replaced by its default. */
    private static List<String> baseImages() {
        String dockerfile = dockerfile();
        Matcher arg = ARG.matcher(dockerfile);
        java.util.Map<String, String> defaults = new java.util.HashMap<>();
        while (arg.find()) {
            defaults.put(arg.group(1), arg.group(2));
        }
        Matcher m = FROM.matcher(dockerfile);
        List<String> images = new ArrayList<>();
        java.util.Set<String> stages = new java.util.HashSet<>();
        while (m.find()) {
            String image = m.group(1);
            if (m.group(2) != null) {
                stages.add(m.group(2));
            }
            if (stages.contains(image) && !image.equals(m.group(2))) {
                continue; // FROM an earlier stage, not a base image
            }
            Matcher variable = Pattern.compile("^\\$\\{(\\w+)}$").matcher(image);
            images.add(variable.matches() ? defaults.getOrDefault(variable.group(1), image) : image);
        }
        return images;
    }

    @Test
    void baseImagesArePinnedToExactVersions() {
        List<String> problems = new ArrayList<>();
        int images = 0;
        for (String image : baseImages()) {
            images++;
            String tag = image.contains(":") ? image.substring(image.lastIndexOf(':') + 1) : "";
            // A full version such as 25.0.4.1_1-jre-noble, not 25, 25-jre or latest.
            if (!tag.matches("\\d+\\.\\d+\\.\\d+.*") || tag.contains("latest")) {
                problems.add(image);
            }
        }
        assertTrue(images >= 2, "expected a build stage and a runtime stage");
        assertTrue(problems.isEmpty(), "base images not pinned to an exact version: " + problems);
    }

    @Test
    void theBuildAndRuntimeImagesAreTheSameJavaRelease() {
        List<String> releases = new ArrayList<>();
        for (String image : baseImages()) {
            releases.add(image.replaceAll(".*:([^-]+)-(jdk|jre).*", "$1"));
        }
        assertEquals(1, releases.stream().distinct().count(), "one Temurin release for build and runtime: " + releases);
    }

    @Test
    void everyModuleOfTheParentPomHasItsPomCopiedIntoTheBuildStage() {
        String dockerfile = dockerfile();
        Matcher m = MODULE.matcher(StackFiles.read(StackFiles.resolve("pom.xml")));
        List<String> modules = new ArrayList<>();
        while (m.find()) {
            modules.add(m.group(1));
        }
        assertFalse(modules.isEmpty(), "no <module> found in the parent pom");
        modules.add("stack-tests"); // copied even before the parent lists it
        List<String> missing = new ArrayList<>();
        for (String module : modules) {
            if (!dockerfile.contains("COPY " + module + "/pom.xml " + module + "/")) {
                missing.add(module);
            }
        }
        assertTrue(missing.isEmpty(), "Maven reads every module's pom: add `COPY <module>/pom.xml <module>/` "
                + "to the Dockerfile for " + missing);
    }

    /** Compose builds three images from this file: only a build stage that ignores SERVICE is built once for all. */
    @Test
    void theThreeServicesAreBuiltInOneStageThatDoesNotDependOnTheService() {
        String dockerfile = dockerfile();
        int runtimeStage = dockerfile.lastIndexOf("\nFROM ");
        String buildStage = dockerfile.substring(0, runtimeStage).replaceAll("(?m)^\\s*#.*$", "");
        assertFalse(buildStage.contains("SERVICE"), "the build stage must not use SERVICE, or each image builds it again");
        assertTrue(buildStage.contains("-pl checkout-service,inventory-service,payment-service"),
                "the build stage packages the three services");
        assertTrue(dockerfile.substring(runtimeStage).contains("ARG SERVICE"), "the runtime stage selects the service");
    }

    /**
     * One training stage on the runtime base makes the three AOT caches with the script CI runs natively, and
     * each image starts with its own. The heap is a
     * fixed size: a cache made with one compressed-oop mode cannot serve a JVM in another, and a JDK 25 JVM that
     * cannot load the cache's archived objects refuses to start, so a percentage of whatever memory the
     * container has would break the image on some hosts.
     */
    @Test
    void theRuntimeTrainsAndUsesItsAotCacheWithAFixedHeap() {
        String dockerfile = dockerfile();
        assertTrue(Pattern.compile("(?s)FROM runtime AS training.*RUN [^\\n]*\\n\\s*/build/deploy/aot/train\\.sh ")
                .matcher(dockerfile).find(), "one training stage on the runtime base runs deploy/aot/train.sh");
        assertTrue(dockerfile.contains("COPY --from=training --chown=185:185 /training/${SERVICE}/app.aot /deployments/"),
                "each image takes its service's cache from the training stage");
        assertTrue(Files.isExecutable(StackFiles.resolve("deploy/aot/train.sh")), "deploy/aot/train.sh is executable");
        assertTrue(dockerfile.contains("\"-XX:AOTCache=app.aot\""), "the ENTRYPOINT starts from the cache");
        Matcher options = Pattern.compile("(?m)^ENV JDK_JAVA_OPTIONS=\"(.*)\"$").matcher(dockerfile);
        assertTrue(options.find(), "the JVM flags are in ENV JDK_JAVA_OPTIONS (bench/run.sh and train.sh read them there)");
        assertTrue(options.group(1).matches(".*-Xmx\\d+[mMgG]\\b.*"), "a fixed maximum heap (-Xmx): " + options.group(1));
        assertFalse(options.group(1).contains("RAMPercentage"),
                "no heap as a share of the container memory: " + options.group(1));
    }

    /**
     * Extra CA certificates (an inspecting proxy) reach the build stage as a BuildKit secret: never a COPY or a
     * build argument, which would keep them in an image or its history, and never in the runtime stage.
     */
    @Test
    void extraCaCertificatesReachOnlyTheBuildStageAsASecret() {
        String dockerfile = dockerfile();
        int runtimeStage = dockerfile.lastIndexOf("\nFROM ");
        assertTrue(dockerfile.substring(0, runtimeStage).contains("--mount=type=secret,id=ca-certificates"),
                "the build stage mounts the secret ca-certificates");
        assertFalse(dockerfile.substring(runtimeStage).contains("ca-certificates"),
                "the runtime stage never sees the extra CA certificates");
        String compose = StackFiles.read(StackFiles.resolve("docker-compose.yml"));
        assertTrue(compose.contains("file: ${EXTRA_CA_CERTIFICATES:-./deploy/extra-ca-certificates.pem}"),
                "compose takes the certificates from EXTRA_CA_CERTIFICATES, else the file that holds none");
        assertFalse(StackFiles.read(StackFiles.resolve("deploy/extra-ca-certificates.pem")).contains("BEGIN CERTIFICATE"),
                "no certificate is committed");
    }

    /**
     * A secret is not part of the build cache's key: in a step of their own, certificates missing from a first
     * build would stay missing when that build, failed at its downloads, is run again with them. The step that
     * downloads trusts them itself: a failed step is never cached.
     */
    @Test
    void theStepThatDownloadsTrustsTheCertificatesItself() {
        List<String> steps = List.of(dockerfile().split("\n(?=[A-Z]+ )"));
        List<String> withSecret = steps.stream().filter(step -> step.contains("--mount=type=secret,id=ca-certificates"))
                .toList();
        assertEquals(1, withSecret.size(), "one step mounts the secret ca-certificates");
        assertTrue(withSecret.get(0).contains("./mvnw") && withSecret.get(0).contains("keytool -importcert"),
                "the step that runs Maven imports the certificates:\n" + withSecret.get(0));
    }

    /** Every file the build copies from the context exists, and .dockerignore does not leave it out. */
    @Test
    void everyCopiedPathIsInTheBuildContext() {
        List<String[]> rules = new ArrayList<>();
        for (String line : StackFiles.read(StackFiles.resolve(".dockerignore")).split("\n")) {
            String rule = line.strip();
            if (!rule.isEmpty() && !rule.startsWith("#")) {
                boolean exception = rule.startsWith("!");
                rules.add(new String[] { exception ? "!" : "", glob(exception ? rule.substring(1) : rule) });
            }
        }
        Matcher copy = COPY.matcher(dockerfile());
        List<String> problems = new ArrayList<>();
        while (copy.find()) {
            String[] words = copy.group(1).strip().split("\\s+");
            for (int i = 0; i < words.length - 1; i++) {
                String source = words[i].replaceAll("/$", "");
                if (!Files.exists(StackFiles.resolve(source))) {
                    problems.add(source + " does not exist");
                } else if (ignored(rules, source)) {
                    problems.add(source + " is left out by .dockerignore");
                }
            }
        }
        assertTrue(problems.isEmpty(), String.join("; ", problems));
    }

    /** Docker's rule: the last pattern that matches the path, or one of its parent folders, decides. */
    private static boolean ignored(List<String[]> rules, String path) {
        boolean ignored = false;
        for (String[] rule : rules) {
            for (String prefix = path; !prefix
                    .isEmpty(); prefix = prefix.contains("/") ? prefix.substring(0, prefix.lastIndexOf('/')) : "") {
                if (prefix.matches(rule[1])) {
                    ignored = rule[0].isEmpty();
                    break;
                }
            }
        }
        return ignored;
    }

    /** A .dockerignore pattern ({@code *}, {@code ?}, {@code **}) as a regular expression. */
    private static String glob(String pattern) {
        String clean = pattern.replaceAll("^/|/$", "");
        StringBuilder regex = new StringBuilder();
        for (int i = 0; i < clean.length(); i++) {
            char c = clean.charAt(i);
            if (clean.startsWith("**/", i)) {
                regex.append("(?:.*/)?");
                i += 2;
            } else if (clean.startsWith("**", i)) {
                regex.append(".*");
                i++;
            } else if (c == '*') {
                regex.append("[^/]*");
            } else if (c == '?') {
                regex.append("[^/]");
            } else {
                regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return regex.toString();
    }
}
