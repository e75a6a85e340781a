package io.observability.demo.payment.chaos;

import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

/**
 * The live chaos settings, changed at run time through {@code /q/chaos} and exposed as gauges
 * ({@code payment_chaos_failure_ratio}, {@code payment_chaos_latency_seconds}, {@code payment_chaos_outage}),
 * so a dashboard shows when the chaos was turned on.
 */
@Startup
@ApplicationScoped
public class ChaosSettings {

    private static final Logger LOG = Logger.getLogger(ChaosSettings.class);

    private final ChaosConfig config;
    private final AtomicReference<ChaosState> state;

    ChaosSettings(ChaosConfig config, MeterRegistry registry) {
        this.config = config;
        this.state = new AtomicReference<>(ChaosState.of(config));

        Gauge.builder("payment.chaos.failure.ratio", state, s -> s.get().failureRate())
                .description("Share of authorizations the simulated gateway fails at random")
                .strongReference(true)
                .register(registry);
        Gauge.builder("payment.chaos.latency", state, s -> s.get().latency().toNanos() / 1e9)
                .description("Simulated gateway latency (before jitter)")
                .baseUnit("seconds")
                .strongReference(true)
                .register(registry);
        Gauge.builder("payment.chaos.outage", state, s -> s.get().outage() ? 1 : 0)
                .description("1 while the simulated gateway is down")
                .strongReference(true)
                .register(registry);
    }

    public ChaosState current() {
        return state.get();
    }

    /** Applies a change atomically and logs it once, with the old and the new values. */
    public synchronized ChaosState update(UnaryOperator<ChaosState> change) {
        ChaosState old = state.get();
        ChaosState updated = change.apply(old);
        if (!updated.equals(old)) {
            state.set(updated);
            LOG.infof("Chaos changed from [%s] to [%s]", old, updated);
        }
        return updated;
    }

    /** Back to the configured values. */
    public ChaosState reset() {
        return update(current -> ChaosState.of(config));
    }
}
