package io.observability.demo.common.metrics;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.config.MeterFilterReply;
import jakarta.inject.Singleton;

/**
 * Turns every meter into a no-op when {@code observability.metrics.enabled=false}. Quarkus only lets metrics be
 * switched off at build time; the benchmark (bench/run.sh) needs the same jar with and without them, to measure
 * what they cost. Leave it on everywhere else.
 */
@Singleton
public class MetricsSwitch implements MeterFilter {

    private final boolean enabled;

    MetricsSwitch(@ConfigProperty(name = "observability.metrics.enabled", defaultValue = "true") boolean enabled) {
        this.enabled = enabled;
    }

    @Override
    public MeterFilterReply accept(Meter.Id id) {
        return enabled ? MeterFilterReply.NEUTRAL : MeterFilterReply.DENY;
    }
}
