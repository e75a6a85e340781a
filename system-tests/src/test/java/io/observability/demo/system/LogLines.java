package io.observability.demo.system;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** The JSON log lines a service wrote to stdout, as Loki would store them (one JSON object per line). */
public final class LogLines {

    private static final ObjectMapper JSON = new ObjectMapper();

    private LogLines() {
    }

    public record Line(String service, String raw, JsonNode json) {
        public String traceId() {
            return json.path("mdc").path("traceId").asText("");
        }

        public String spanId() {
            return json.path("mdc").path("spanId").asText("");
        }

        public String requestId() {
            return json.path("mdc").path("requestId").asText("");
        }

        public String serviceName() {
            return json.path("service.name").asText("");
        }

        public String message() {
            return json.path("message").asText("");
        }

        public String level() {
            return json.path("level").asText("");
        }
    }

    /** Every line of the service's captured output that is a JSON object; the rest is counted as non-JSON. */
    public static List<Line> read(ServiceProcess service) {
        List<Line> lines = new ArrayList<>();
        for (String raw : raw(service)) {
            if (raw.startsWith("{")) {
                try {
                    lines.add(new Line(service.name(), raw, JSON.readTree(raw)));
                } catch (IOException e) {
                    // a line cut by a kill: not JSON, ignored here, reported by nonJson()
                }
            }
        }
        return lines;
    }

    /** Captured output lines that are not JSON log lines (JVM messages, a line cut by SIGKILL). */
    public static List<String> nonJson(ServiceProcess service) {
        List<String> other = new ArrayList<>();
        for (String raw : raw(service)) {
            if (raw.isBlank()) {
                continue;
            }
            try {
                if (!raw.startsWith("{") || !JSON.readTree(raw).isObject()) {
                    other.add(raw);
                }
            } catch (IOException e) {
                other.add(raw);
            }
        }
        return other;
    }

    public static List<String> raw(ServiceProcess service) {
        try {
            return Files.readAllLines(service.logFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
