package io.observability.demo.common.metrics;

import io.micrometer.prometheus.PrometheusMeterRegistry;
import io.prometheus.client.exporter.common.TextFormat;
import io.quarkus.vertx.http.ManagementInterface;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Serves {@code /q/metrics} on the management port so that Prometheus really stores our exemplars.
 * <p>
 * The stock Quarkus endpoint has two problems (Quarkus 3.33, Micrometer's simpleclient registry): it answers
 * Prometheus's {@code Accept} header with the plain text format, which has no exemplars, and in OpenMetrics it
 * puts exemplars on {@code _count} lines, which OpenMetrics forbids: Prometheus then fails the whole scrape.
 * This route takes precedence over the stock one, serves OpenMetrics to any client that accepts it (and to
 * {@code curl}), and keeps exemplars only where OpenMetrics allows them: histogram {@code _bucket} and
 * counter {@code _total} samples. A client that asks for {@code text/plain} only (for example
 * {@code promtool check metrics}) gets the plain format.
 */
@ApplicationScoped
public class OpenMetricsEndpoint {

    private static final String EXEMPLAR_SEPARATOR = " # {";

    private final PrometheusMeterRegistry registry;

    OpenMetricsEndpoint(PrometheusMeterRegistry registry) {
        this.registry = registry;
    }

    void register(@Observes ManagementInterface management) {
        management.router().route(HttpMethod.GET, "/q/metrics").order(-100).blockingHandler(this::handle);
    }

    void handle(RoutingContext rc) {
        String accept = rc.request().getHeader(HttpHeaders.ACCEPT);
        boolean plainOnly = accept != null && accept.contains("text/plain") && !accept.contains("openmetrics");
        String contentType = plainOnly ? TextFormat.CONTENT_TYPE_004 : TextFormat.CONTENT_TYPE_OPENMETRICS_100;
        String body = registry.scrape(contentType);
        if (!plainOnly) {
            body = keepValidExemplars(body);
        }
        rc.response().putHeader(HttpHeaders.CONTENT_TYPE, contentType).end(body);
    }

    /** Drops the exemplar from every sample line that is neither a {@code _bucket} nor a {@code _total}. */
    static String keepValidExemplars(String openMetrics) {
        StringBuilder out = new StringBuilder(openMetrics.length());
        int start = 0;
        while (start < openMetrics.length()) {
            int end = openMetrics.indexOf('\n', start);
            if (end < 0) {
                end = openMetrics.length();
            }
            String line = openMetrics.substring(start, end);
            int exemplar = line.indexOf(EXEMPLAR_SEPARATOR);
            if (exemplar > 0 && !line.startsWith("#") && !mayCarryExemplar(line)) {
                line = line.substring(0, exemplar);
            }
            out.append(line);
            if (end < openMetrics.length()) {
                out.append('\n');
            }
            start = end + 1;
        }
        return out.toString();
    }

    private static boolean mayCarryExemplar(String sample) {
        int nameEnd = sample.indexOf('{');
        if (nameEnd < 0) {
            nameEnd = sample.indexOf(' ');
        }
        String name = sample.substring(0, nameEnd);
        return name.endsWith("_bucket") || name.endsWith("_total");
    }
}
