package io.observability.demo.common.metrics;

import jakarta.inject.Singleton;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.config.MeterFilterReply;
import io.observability.demo.common.config.ObservabilityConfig;

/**
 * Turns every meter into a no-op when {@code observability.metrics.enabled=false}. Quarkus only lets metrics be
 * switched off at build time; the benchmark (bench/run.sh) needs the same jar with and without them, to measure
 * what they cost. Leave it on everywhere else.
 */
@Singleton
public class MetricsSwitch implements MeterFilter {

    private final boolean enabled;

    MetricsSwitch(ObservabilityConfig config) {
        this.enabled = config.metrics().enabled();
    }

    @Override
    public MeterFilterReply accept(Meter.Id id) {
        return enabled ? MeterFilterReply.NEUTRAL : MeterFilterReply.DENY;
    }
}
