package io.observability.demo.stack;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The root Dockerfile: pinned base images, and every Maven module's pom in the build context. */
class DockerfileTest {

    private static final Pattern FROM = Pattern.compile("(?im)^FROM\\s+(?:--platform=\\S+\\s+)?(\\S+)");
    private static final Pattern MODULE = Pattern.compile("<module>\\s*([^<\\s]+)\\s*</module>");

    @Test
    void baseImagesArePinnedToExactVersions() {
        String dockerfile = StackFiles.read(StackFiles.resolve("Dockerfile"));
        Matcher m = FROM.matcher(dockerfile);
        List<String> problems = new ArrayList<>();
        int images = 0;
        while (m.find()) {
            images++;
            String image = m.group(1);
            String tag = image.contains(":") ? image.substring(image.lastIndexOf(':') + 1) : "";
            // A full version such as 17.0.20.1_1-jre-noble, not 17, 17-jre or latest.
            if (!tag.matches("\\d+\\.\\d+\\.\\d+.*") || tag.contains("latest")) {
                problems.add(image);
            }
        }
        assertTrue(images >= 2, "expected a build stage and a runtime stage");
        assertTrue(problems.isEmpty(), "base images not pinned to an exact version: " + problems);
    }

    @Test
    void everyModuleOfTheParentPomHasItsPomCopiedIntoTheBuildStage() {
        String dockerfile = StackFiles.read(StackFiles.resolve("Dockerfile"));
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
}
