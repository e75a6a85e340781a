package io.observability.demo.stack;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Reads the real stack files of the repository (docker-compose.yml, .env, deploy/). */
final class StackFiles {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** ${VAR}, ${VAR:-default}, ${VAR-default}. */
    private static final Pattern COMPOSE_VARIABLE = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?-)([^}]*))?}");

    private StackFiles() {
    }

    /**
     * The repository root: the parent of this module's directory. Surefire passes it as
     * {@code stack.root}; in an IDE the working directory is usually the module itself.
     */
    static Path root() {
        String configured = System.getProperty("stack.root");
        Path root = (configured != null ? Path.of(configured) : Path.of("..")).toAbsolutePath().normalize();
        assertTrue(Files.isRegularFile(root.resolve("docker-compose.yml")),
                "docker-compose.yml not found in " + root + " (run the tests from the stack-tests module)");
        return root;
    }

    static Path resolve(String relative) {
        return root().resolve(relative).normalize();
    }

    static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A YAML loader that only builds plain maps, lists and scalars (merge keys resolved). */
    static Yaml yaml() {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        return new Yaml(new SafeConstructor(options));
    }

    static Object loadYaml(Path file) {
        return yaml().load(read(file));
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> loadYamlMap(Path file) {
        Object doc = loadYaml(file);
        if (!(doc instanceof Map)) {
            fail(file + " is not a YAML mapping");
        }
        return (Map<String, Object>) doc;
    }

    static JsonNode loadJson(Path file) {
        try {
            return JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot parse " + file, e);
        }
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> compose() {
        return loadYamlMap(resolve("docker-compose.yml"));
    }

    @SuppressWarnings("unchecked")
    static Map<String, Map<String, Object>> composeServices() {
        Object services = compose().get("services");
        assertTrue(services instanceof Map, "docker-compose.yml has no services mapping");
        Map<String, Map<String, Object>> result = new LinkedHashMap<>();
        ((Map<String, Object>) services).forEach((name, def) -> {
            assertTrue(def instanceof Map, "service " + name + " is not a mapping");
            result.put(name, (Map<String, Object>) def);
        });
        return result;
    }

    /** The KEY=VALUE lines of .env (comments and blank lines skipped, no interpolation). */
    static Map<String, String> dotEnv() {
        Path env = resolve(".env");
        assertTrue(Files.isRegularFile(env), ".env not found next to docker-compose.yml");
        Map<String, String> values = new LinkedHashMap<>();
        for (String raw : read(env).split("\n")) {
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int eq = line.indexOf('=');
            assertTrue(eq > 0, ".env line is not KEY=VALUE: " + raw);
            values.put(line.substring(0, eq).strip(), line.substring(eq + 1).strip());
        }
        return values;
    }

    /**
     * A docker-compose.yml value as Compose interpolates it when the shell sets none of the variables:
     * from .env, else the default; $$ is a literal $.
     */
    static String interpolate(String value, Map<String, String> dotEnv) {
        Matcher m = COMPOSE_VARIABLE.matcher(value.replace("$$", "\u0000"));
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String resolved = dotEnv.get(m.group(1));
            boolean useDefault = resolved == null || (":-".equals(m.group(2)) && resolved.isEmpty());
            if (useDefault) {
                resolved = m.group(3);
            }
            assertTrue(resolved != null, "docker-compose.yml: ${" + m.group(1) + "} is not set in .env and has no default");
            m.appendReplacement(out, Matcher.quoteReplacement(resolved));
        }
        m.appendTail(out);
        return out.toString().replace("\u0000", "$");
    }

    /** Files under deploy/ whose name ends with one of the suffixes, sorted. */
    static List<Path> deployFiles(String... suffixes) {
        try (Stream<Path> walk = Files.walk(resolve("deploy"))) {
            return walk.filter(Files::isRegularFile)
                    .filter(p -> {
                        String name = p.getFileName().toString();
                        for (String suffix : suffixes) {
                            if (name.endsWith(suffix)) {
                                return true;
                            }
                        }
                        return false;
                    })
                    .sorted()
                    .collect(Collectors.toList());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object value) {
        return value instanceof Map ? (Map<String, Object>) value : Map.of();
    }

    static List<Object> list(Object value) {
        return value instanceof List ? new ArrayList<>((List<?>) value) : List.of();
    }

    static String relative(Path file) {
        return root().relativize(file).toString();
    }
}
