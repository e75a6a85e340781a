package io.observability.demo.payment.chaos;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import io.observability.demo.common.chaos.ChaosDurations;
import io.observability.demo.common.chaos.ChaosField;
import io.observability.demo.common.chaos.ChaosValues;

/** One consistent set of chaos values; immutable, so readers never see half an update. */
public record ChaosState(double failureRate, Duration latency, boolean outage) implements ChaosValues {

    /** Longer would hold a database connection (and the order's lock) for too long. */
    static final long MAX_LATENCY_SECONDS = 30;
    static final Duration MAX_LATENCY = Duration.ofSeconds(MAX_LATENCY_SECONDS);

    public ChaosState {
        ChaosField.requireRatio("failureRate", failureRate);
        ChaosDurations.requireWithin("latency", latency, MAX_LATENCY);
    }

    static ChaosState of(ChaosConfig config) {
        return new ChaosState(config.failureRate(), config.latency(), config.outage());
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
    @Override
    public Map<String, Object> toJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("failureRate", failureRate);
        json.put("latency", ChaosDurations.format(latency));
        json.put("outage", outage);
        return json;
    }

    @Override
    public String toString() {
        return "failureRate=" + failureRate + ", latency=" + ChaosDurations.format(latency) + ", outage=" + outage;
    }
}
