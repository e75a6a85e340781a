package io.observability.demo.system;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * One scrape of a service's {@code /q/metrics} in the OpenMetrics text format, as Prometheus reads it: samples
 * with their labels and, where present, the exemplar ({@code # {trace_id="...",span_id="..."} value}).
 */
public record Metrics(String text, List<Sample> samples) {

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();

    public record Sample(String name, Map<String, String> labels, double value, Map<String, String> exemplar) {
        public boolean has(String label, String expected) {
            return expected.equals(labels.get(label));
        }
    }

    /**
     * The {@code Accept} header Prometheus 3.5 sends for the service jobs' {@code scrape_protocols} (OpenMetrics only,
     * deploy/prometheus/prometheus.yml). Quarkus answers OpenMetrics only to a header without {@code text/plain}, and
     * 406 to one without its last entry, any type.
     */
    public static final String PROMETHEUS_ACCEPT = "application/openmetrics-text;version=1.0.0;escaping=allow-utf-8;"
            + "q=0.6,application/openmetrics-text;version=0.0.1;q=0.5,*/*;q=0.4";

    /** Scrapes as Prometheus does. */
    public static Metrics scrape(ServiceProcess service) {
        try {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(service.managementUrl() + "/q/metrics"))
                    .header("Accept", PROMETHEUS_ACCEPT)
                    .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new AssertionError("GET /q/metrics of " + service.name() + " answered " + response.statusCode());
            }
            return parse(response.body());
        } catch (java.io.IOException e) {
            throw new AssertionError("Could not scrape " + service.name(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static Metrics parse(String text) {
        List<Sample> samples = new ArrayList<>();
        for (String line : text.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            samples.add(parseSample(line));
        }
        return new Metrics(text, samples);
    }

    /** {@code name{a="x",b="y"} 1.0 # {trace_id="..",span_id=".."} 0.2 1700000000.0}; label values may hold braces. */
    static Sample parseSample(String line) {
        int position = 0;
        while (position < line.length() && line.charAt(position) != '{' && line.charAt(position) != ' ') {
            position++;
        }
        String name = line.substring(0, position);
        Map<String, String> labels = new LinkedHashMap<>();
        if (position < line.length() && line.charAt(position) == '{') {
            position = parseLabels(line, position, labels);
        }
        String rest = line.substring(position).trim();
        Map<String, String> exemplar = Map.of();
        int hash = rest.indexOf(" # {");
        if (hash >= 0) {
            Map<String, String> exemplarLabels = new LinkedHashMap<>();
            parseLabels(rest, hash + 3, exemplarLabels);
            exemplar = exemplarLabels;
            rest = rest.substring(0, hash).trim();
        }
        String value = rest.split(" ")[0];
        return new Sample(name, labels, parseValue(value), exemplar);
    }

    /** @return the position after the closing brace */
    private static int parseLabels(String line, int open, Map<String, String> labels) {
        int position = open + 1;
        while (line.charAt(position) != '}') {
            int equals = line.indexOf('=', position);
            String key = line.substring(position, equals).trim();
            position = equals + 2; // past ="
            StringBuilder value = new StringBuilder();
            while (line.charAt(position) != '"') {
                char c = line.charAt(position);
                if (c == '\\') {
                    char next = line.charAt(++position);
                    value.append(next == 'n' ? '\n' : next);
                } else {
                    value.append(c);
                }
                position++;
            }
            labels.put(key, value.toString());
            position++; // past "
            if (line.charAt(position) == ',') {
                position++;
            }
        }
        return position + 1;
    }

    private static double parseValue(String value) {
        return switch (value) {
            case "+Inf" -> Double.POSITIVE_INFINITY;
            case "-Inf" -> Double.NEGATIVE_INFINITY;
            case "NaN" -> Double.NaN;
            default -> Double.parseDouble(value);
        };
    }

    public List<Sample> find(String name, Predicate<Sample> filter) {
        return samples.stream().filter(sample -> sample.name().equals(name) && filter.test(sample)).toList();
    }

    /** The sum of the matching samples (0 when there is none: Prometheus's "absent" counts as nothing sent). */
    public double sum(String name, Predicate<Sample> filter) {
        return find(name, filter).stream().mapToDouble(Sample::value).sum();
    }

    public double value(String name, String label, String value) {
        return sum(name, sample -> sample.has(label, value));
    }

    public List<Sample> withExemplars() {
        return samples.stream().filter(sample -> !sample.exemplar().isEmpty()).toList();
    }
}
