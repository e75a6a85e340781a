package io.observability.demo.stack;

import static io.observability.demo.stack.StackFiles.map;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

/**
 * deploy/stand-ins/compose.yml, the layer CI puts over docker-compose.yml where no registry can be reached: it may
 * swap images for the locally built stand-ins, and nothing else that users would run differently.
 */
class StandInsTest {

    private static final String PREFIX = "observability-demo-stand-in/";
    /** What the layer may set: the image, never pulling it, the base images of the Dockerfile, and what runs. */
    private static final Set<String> ALLOWED_KEYS = Set.of("image", "pull_policy", "build", "command", "healthcheck");

    private static Map<String, Object> standIns() {
        return map(StackFiles.loadYamlMap(StackFiles.resolve("deploy/stand-ins/compose.yml")).get("services"));
    }

    @Test
    void theLayerChangesOnlyImagesNeverPortsLimitsEnvironmentOrVolumes() {
        Map<String, Map<String, Object>> compose = StackFiles.composeServices();
        List<String> problems = new ArrayList<>();
        standIns().forEach((name, value) -> {
            Map<String, Object> service = map(value);
            if (!compose.containsKey(name)) {
                problems.add(name + " is not a service of docker-compose.yml");
            }
            service.keySet().stream().filter(key -> !ALLOWED_KEYS.contains(key))
                    .forEach(key -> problems.add(name + " changes " + key));
            if (service.containsKey("build")) {
                Set<String> buildKeys = map(service.get("build")).keySet();
                if (!buildKeys.equals(Set.of("args"))) {
                    problems.add(name + " changes build " + buildKeys + ", only the base images may change");
                }
                if (!map(map(service.get("build")).get("args")).keySet().equals(Set.of("JDK_IMAGE", "JRE_IMAGE"))) {
                    problems.add(name + ": the build arguments are the Dockerfile's JDK_IMAGE and JRE_IMAGE");
                }
            }
        });
        assertEquals(List.of(), problems);
    }

    /** A stand-in never wears an upstream name, so it can never be mistaken for (or pushed as) the real image. */
    @Test
    void everyStandInIsALocalImageThatIsNeverPulled() {
        List<String> problems = new ArrayList<>();
        standIns().forEach((name, value) -> {
            Map<String, Object> service = map(value);
            Object image = service.get("image");
            if (image != null && (!image.toString().startsWith(PREFIX) || !"never".equals(service.get("pull_policy")))) {
                problems.add(name + ": " + image + " (pull_policy " + service.get("pull_policy") + ")");
            }
            if (service.containsKey("build")) {
                map(map(service.get("build")).get("args")).values().stream()
                        .filter(base -> !base.toString().startsWith(PREFIX))
                        .forEach(base -> problems.add(name + ": base image " + base));
            }
        });
        assertEquals(List.of(), problems);
        assertTrue(
                StackFiles.read(StackFiles.resolve("deploy/stand-ins/build.sh")).contains("PREFIX=" + PREFIX.replace("/", "")),
                "build.sh names its images with the same prefix");
    }
}
