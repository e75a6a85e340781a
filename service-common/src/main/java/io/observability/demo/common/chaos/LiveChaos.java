package io.observability.demo.common.chaos;

import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;
import java.util.function.UnaryOperator;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.jboss.logging.Logger;

/**
 * A service's live chaos values: read on every request, changed at run time through {@link ChaosRoutes}, reset
 * to the configured values, each change logged once at INFO with the old and the new values, and exposed as
 * gauges so a dashboard shows when the chaos was on.
 *
 * @param <S> the service's {@link ChaosValues} record
 */
public final class LiveChaos<S extends ChaosValues> {

    private static final Logger LOG = Logger.getLogger(LiveChaos.class);

    private final Supplier<S> configured;
    private final AtomicReference<S> state;

    /** @param configured the values from configuration: what the service starts with and what reset restores */
    public LiveChaos(Supplier<S> configured) {
        this.configured = configured;
        this.state = new AtomicReference<>(configured.get());
    }

    public S current() {
        return state.get();
    }

    /** Applies a change atomically and logs it once, with the old and the new values. */
    public synchronized S update(UnaryOperator<S> change) {
        S old = state.get();
        S updated = change.apply(old);
        if (!updated.equals(old)) {
            state.set(updated);
            LOG.infof("Chaos changed from [%s] to [%s]", old, updated);
        }
        return updated;
    }

    /** Back to the configured values. */
    public S reset() {
        return update(current -> configured.get());
    }

    /**
     * Registers a gauge that reads one of the live values, e.g. {@code payment.chaos.failure.ratio}, which
     * Prometheus shows as {@code payment_chaos_failure_ratio}.
     *
     * @param baseUnit {@code "seconds"} for a duration (the name then gains {@code _seconds}), or null
     */
    public void gauge(MeterRegistry registry, String name, String description, String baseUnit, ToDoubleFunction<S> value) {
        Gauge.builder(name, this, live -> value.applyAsDouble(live.current()))
                .description(description)
                .baseUnit(baseUnit)
                .strongReference(true)
                .register(registry);
    }
}
