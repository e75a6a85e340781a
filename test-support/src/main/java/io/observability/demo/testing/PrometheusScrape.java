package io.observability.demo.testing;

/** How Prometheus asks for {@code /q/metrics}. */
public final class PrometheusScrape {

    /**
     * The {@code Accept} header Prometheus 3.5 sends for the service jobs' {@code scrape_protocols}
     * (OpenMetrics only, deploy/prometheus/prometheus.yml). Quarkus serves it OpenMetrics thanks to the last entry,
     * any type: its route produces {@code application/openmetrics-text; version=1.0.0; charset=utf-8}, which the
     * OpenMetrics entries (no charset) do not match, so without it the answer is 406.
     */
    public static final String ACCEPT = "application/openmetrics-text;version=1.0.0;escaping=allow-utf-8;q=0.6,"
            + "application/openmetrics-text;version=0.0.1;q=0.5,*/*;q=0.4";

    /** What Prometheus 3.5 sends for a list with the text formats too: the stock handler answers plain text. */
    public static final String ACCEPT_WITH_TEXT = "application/openmetrics-text;version=1.0.0;"
            + "escaping=allow-utf-8;q=0.6,application/openmetrics-text;version=0.0.1;q=0.5,"
            + "text/plain;version=1.0.0;escaping=allow-utf-8;q=0.4,text/plain;version=0.0.4;q=0.3,*/*;q=0.2";

    private PrometheusScrape() {
    }
}
