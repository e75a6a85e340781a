package io.observability.demo.common.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** OpenMetrics allows exemplars on histogram {@code _bucket} and counter {@code _total} samples only. */
class OpenMetricsEndpointTest {

    private static final String EXEMPLAR = " # {span_id=\"1e76c4efe14d4ac7\",trace_id=\"b445d959fa85649f3dc833b302f816fb\"} 0.8 1795599500.1";

    @Test
    void keepsExemplarsOnBucketsAndCountersOnly() {
        String scrape = String.join("\n",
                "# TYPE http_server_requests_seconds histogram",
                "http_server_requests_seconds_bucket{uri=\"/api/checkout\",le=\"1.0\"} 1.0" + EXEMPLAR,
                "http_server_requests_seconds_count{uri=\"/api/checkout\"} 1.0" + EXEMPLAR,
                "http_server_requests_seconds_sum{uri=\"/api/checkout\"} 0.8" + EXEMPLAR,
                "# TYPE checkout_orders counter",
                "checkout_orders_total{outcome=\"confirmed\"} 1.0" + EXEMPLAR,
                "checkout_orders_created{outcome=\"confirmed\"} 1.795599E9" + EXEMPLAR,
                "jvm_threads_live_threads 42.0",
                "# EOF");

        String expected = String.join("\n",
                "# TYPE http_server_requests_seconds histogram",
                "http_server_requests_seconds_bucket{uri=\"/api/checkout\",le=\"1.0\"} 1.0" + EXEMPLAR,
                "http_server_requests_seconds_count{uri=\"/api/checkout\"} 1.0",
                "http_server_requests_seconds_sum{uri=\"/api/checkout\"} 0.8",
                "# TYPE checkout_orders counter",
                "checkout_orders_total{outcome=\"confirmed\"} 1.0" + EXEMPLAR,
                "checkout_orders_created{outcome=\"confirmed\"} 1.795599E9",
                "jvm_threads_live_threads 42.0",
                "# EOF");
        assertEquals(expected, OpenMetricsEndpoint.keepValidExemplars(scrape));
    }

    @Test
    void keepsTheTrailingNewline() {
        assertEquals("a_total 1.0\n# EOF\n", OpenMetricsEndpoint.keepValidExemplars("a_total 1.0\n# EOF\n"));
    }

    @Test
    void handlesSamplesWithoutLabels() {
        assertEquals("process_uptime_seconds 3.0", OpenMetricsEndpoint.keepValidExemplars("process_uptime_seconds 3.0" + EXEMPLAR));
    }
}
