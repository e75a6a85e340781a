package io.observability.demo.inventory.chaos;

import java.time.Duration;
import java.util.Map;

import io.observability.demo.common.chaos.ChaosDurations;
import io.observability.demo.common.chaos.ChaosValues;

/** The inventory's chaos values; immutable, so readers never see half an update. */
public record ChaosState(Duration latency) implements ChaosValues {

    /**
     * Longer would hold a database connection, and the order's advisory lock, past checkout's patience: checkout
     * gives up on a reservation after 2 s and retries it twice.
     */
    static final long MAX_LATENCY_SECONDS = 10;
    static final Duration MAX_LATENCY = Duration.ofSeconds(MAX_LATENCY_SECONDS);

    public ChaosState {
        ChaosDurations.requireWithin("latency", latency, MAX_LATENCY);
    }

    static ChaosState of(ChaosConfig config) {
        return new ChaosState(config.latency());
    }

    /** {@code {"latency":"300ms"}}: the form PUT accepts back. */
    @Override
    public Map<String, Object> toJson() {
        return Map.of("latency", ChaosDurations.format(latency));
    }

    @Override
    public String toString() {
        return "latency=" + ChaosDurations.format(latency);
    }
}
