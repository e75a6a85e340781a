package io.observability.demo.stack;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

/**
 * deploy/alloy/config.alloy, checked as text: there is no Alloy binary to load it here, so these pin down the two
 * behaviours of Alloy v1.18.1 (its source, internal/component/loki/process/stages and loki/source/docker) that the
 * config depends on.
 */
class AlloyConfigTest {

    private static final String CONFIG = StackFiles.read(StackFiles.resolve("deploy/alloy/config.alloy"));

    /** The body of the first block `<header> {` ... matching `}`. */
    private static String block(String header) {
        int start = CONFIG.indexOf(header + " {");
        assertTrue(start >= 0, "config.alloy has no block " + header);
        int depth = 0;
        for (int i = CONFIG.indexOf('{', start); i < CONFIG.length(); i++) {
            if (CONFIG.charAt(i) == '{') {
                depth++;
            } else if (CONFIG.charAt(i) == '}' && --depth == 0) {
                return CONFIG.substring(start, i + 1);
            }
        }
        throw new AssertionError("unbalanced block " + header);
    }

    /**
     * stage.template runs for every line, also those without a level (PostgreSQL, Prometheus, Grafana...), and a Go
     * template prints a missing .Value as "<no value>", which stage.labels would set as level="<no value>". Only an
     * empty result removes the key. So the template's output must be guarded by {{ with .Value }}.
     */
    @Test
    void theLevelTemplatePrintsNothingWhenALineHasNoLevel() {
        String stage = block("stage.template");
        assertTrue(Pattern.compile("source\\s*=\\s*\"level\"").matcher(stage).find(),
                "the template stage normalises level: " + stage);
        Matcher template = Pattern.compile("template\\s*=\\s*\"(.*)\"").matcher(stage);
        assertTrue(template.find(), "no template in " + stage);
        String body = template.group(1).strip();
        assertTrue(body.startsWith("{{ with .Value }}") && body.endsWith("{{ end }}"),
                "the whole template must be inside {{ with .Value }} ... {{ end }} (a missing level prints \"<no value>\"): "
                        + body);
        assertFalse(body.replace("{{ with .Value }}", "").contains(".Value"),
                "inside {{ with .Value }} use \".\": a bare .Value outside the guard prints \"<no value>\": " + body);
    }

    /** In loki.source.docker, refresh_interval is only the HTTP client timeout for an http(s) Docker host. */
    @Test
    void theDockerSourceHasNoRefreshInterval() {
        String source = block("loki.source.docker \"containers\"");
        assertFalse(Pattern.compile("(?m)^\\s*refresh_interval\\s*=").matcher(source).find(), "refresh_interval in " + source);
    }
}
