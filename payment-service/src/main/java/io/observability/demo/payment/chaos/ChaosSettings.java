package io.observability.demo.payment.chaos;

import io.micrometer.core.instrument.MeterRegistry;
import io.observability.demo.common.chaos.ChaosDurations;
import io.observability.demo.common.chaos.LiveChaos;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The live chaos settings of the simulated gateway, changed at run time through {@code /q/chaos} (see
 * {@link ChaosEndpoint}) and exposed as gauges ({@code payment_chaos_failure_ratio},
 * {@code payment_chaos_latency_seconds}, {@code payment_chaos_outage}), so a dashboard shows when the chaos was
 * turned on. Each change is logged once with the old and new values (service-common's {@link LiveChaos}).
 */
@Startup
@ApplicationScoped
public class ChaosSettings {

    private final LiveChaos<ChaosState> live;

    ChaosSettings(ChaosConfig config, MeterRegistry registry) {
        this.live = new LiveChaos<>(() -> ChaosState.of(config));
        live.gauge(registry, "payment.chaos.failure.ratio", "Share of authorizations the simulated gateway fails at random",
                null, ChaosState::failureRate);
        live.gauge(registry, "payment.chaos.latency", "Simulated gateway latency (before jitter)",
                "seconds", state -> ChaosDurations.seconds(state.latency()));
        live.gauge(registry, "payment.chaos.outage", "1 while the simulated gateway is down",
                null, state -> state.outage() ? 1 : 0);
    }

    public ChaosState current() {
        return live.current();
    }

    LiveChaos<ChaosState> live() {
        return live;
    }
}
