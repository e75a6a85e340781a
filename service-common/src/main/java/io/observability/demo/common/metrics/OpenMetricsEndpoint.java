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
 * Serves {@code /q/metrics} on the management port in OpenMetrics, with exemplars only where OpenMetrics allows them.
 * <p>
 * The stock Quarkus handler (Quarkus 3.33, {@code PrometheusHandler.chooseContentType}) answers the plain text
 * format, which has no exemplars, whenever the {@code Accept} header contains {@code text/plain}, whatever its
 * q-value. Prometheus 3.5 by default sends {@code application/openmetrics-text;version=1.0.0;escaping=allow-utf-8;
 * q=0.6,...,text/plain;version=0.0.4;q=0.3} and any type at q=0.2, as it does for any {@code scrape_protocols}
 * list with a text format: the stock handler answers {@code 200 text/plain; version=0.0.4} and Prometheus stores
 * no exemplar. Only a list without any text format gets OpenMetrics from it, and then Micrometer's registry also
 * puts exemplars on {@code _count} lines, which OpenMetrics 1.0 forbids (Prometheus 2.43 and later tolerate
 * them; a strict OpenMetrics parser does not). A request for exactly {@code application/openmetrics-text;
 * version=1.0.0} gets 406.
 * <p>
 * This route takes precedence over the stock one: it serves OpenMetrics to any client that accepts it (and to
 * {@code curl}), with exemplars on histogram {@code _bucket} and counter {@code _total} samples only, whatever
 * the scraper's protocol list. A client that asks for {@code text/plain} only (for example
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
