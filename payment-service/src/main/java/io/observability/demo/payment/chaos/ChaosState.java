package io.observability.demo.payment.chaos;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/** One consistent set of chaos values; immutable, so readers never see half an update. */
public record ChaosState(double failureRate, Duration latency, boolean outage) {

    /** Longer would hold a database connection (and the order's lock) for too long. */
    static final long MAX_LATENCY_SECONDS = 30;
    static final String FAILURE_RATE_RANGE = "must be a number between 0 and 1";
    static final String LATENCY_RANGE = "must be a duration between 0ms and " + MAX_LATENCY_SECONDS + "s, such as \"800ms\", \"2s\" or \"PT0.8S\"";

    public ChaosState {
        if (!isValidFailureRate(failureRate)) {
            throw new IllegalArgumentException("failureRate " + FAILURE_RATE_RANGE);
        }
        if (latency == null || !isValidLatency(latency)) {
            throw new IllegalArgumentException("latency " + LATENCY_RANGE);
        }
    }

    static ChaosState of(ChaosConfig config) {
        return new ChaosState(config.failureRate(), config.latency(), config.outage());
    }

    static boolean isValidFailureRate(double failureRate) {
        return failureRate >= 0 && failureRate <= 1;
    }

    static boolean isValidLatency(Duration latency) {
        return !latency.isNegative() && latency.compareTo(Duration.ofSeconds(MAX_LATENCY_SECONDS)) <= 0;
    }

    ChaosState withFailureRate(double failureRate) {
        return new ChaosState(failureRate, latency, outage);
    }

    ChaosState withLatency(Duration latency) {
        return new ChaosState(failureRate, latency, outage);
    }

    ChaosState withOutage(boolean outage) {
        return new ChaosState(failureRate, latency, outage);
    }

    /** {@code {"failureRate":0.05,"latency":"20ms","outage":false}}: the form PUT accepts back. */
    Map<String, Object> toJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("failureRate", failureRate);
        json.put("latency", latencyText());
        json.put("outage", outage);
        return json;
    }

    private String latencyText() {
        return latency.toMillis() + "ms";
    }

    @Override
    public String toString() {
        return "failureRate=" + failureRate + ", latency=" + latencyText() + ", outage=" + outage;
    }
}
