package io.observability.demo.stack;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/** Every JSON and YAML file under deploy/ (and the compose file) parses. */
class DeployFilesParseTest {

    @Test
    void everyJsonFileUnderDeployParses() {
        List<Path> files = StackFiles.deployFiles(".json");
        assertFalse(files.isEmpty(), "no JSON files found under deploy/");
        List<String> broken = new ArrayList<>();
        for (Path file : files) {
            try {
                StackFiles.loadJson(file);
            } catch (RuntimeException e) {
                broken.add(StackFiles.relative(file) + ": " + rootCause(e));
            }
        }
        assertTrue(broken.isEmpty(), "JSON that does not parse:\n" + String.join("\n", broken));
    }

    @Test
    void everyYamlFileUnderDeployAndTheComposeFileParses() {
        List<Path> files = new ArrayList<>(StackFiles.deployFiles(".yml", ".yaml"));
        assertFalse(files.isEmpty(), "no YAML files found under deploy/");
        files.add(StackFiles.resolve("docker-compose.yml"));
        List<String> broken = new ArrayList<>();
        for (Path file : files) {
            try {
                for (Object ignored : StackFiles.yaml().loadAll(StackFiles.read(file))) {
                    // loading every document is the check
                }
            } catch (RuntimeException e) {
                broken.add(StackFiles.relative(file) + ": " + rootCause(e));
            }
        }
        assertTrue(broken.isEmpty(), "YAML that does not parse:\n" + String.join("\n", broken));
    }

    private static String rootCause(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.toString() : t.getMessage().lines().findFirst().orElse("");
    }
}
