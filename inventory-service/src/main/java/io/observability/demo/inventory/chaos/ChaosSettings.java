package io.observability.demo.inventory.chaos;

import java.time.Duration;
import java.util.List;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.micrometer.core.instrument.MeterRegistry;
import io.observability.demo.common.chaos.ChaosDurations;
import io.observability.demo.common.chaos.ChaosField;
import io.observability.demo.common.chaos.ChaosRoutes;
import io.observability.demo.common.chaos.LiveChaos;
import io.quarkus.runtime.Startup;
import io.quarkus.vertx.http.ManagementInterface;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * A slow database, on demand: the latency every reservation adds as a slow query inside its transaction (see
 * {@code ReservationService}), so the trace shows a long JDBC span under inventory's server span.
 * <ul>
 * <li>{@code GET /q/chaos} on the management port: {@code {"latency":"0ms"}};</li>
 * <li>{@code PUT /q/chaos} {@code {"latency":"300ms"}}: applied at once, no restart; an invalid value is a 400;</li>
 * <li>{@code POST /q/chaos/reset}: back to {@code inventory.chaos.latency} (env {@code INVENTORY_CHAOS_LATENCY}).</li>
 * </ul>
 * Each change is logged once with the old and the new value, and the gauge {@code inventory_chaos_latency_seconds}
 * shows when it was on. The routes, the parsing and the log line come from service-common's chaos package.
 */
@Startup
@ApplicationScoped
public class ChaosSettings {

    private final LiveChaos<ChaosState> live;

    ChaosSettings(ChaosConfig config, MeterRegistry registry) {
        this.live = new LiveChaos<>(() -> ChaosState.of(config));
        live.gauge(registry, "inventory.chaos.latency", "Latency added to every reservation as a slow database query",
                "seconds", state -> ChaosDurations.seconds(state.latency()));
    }

    /** The latency to add to the next reservation; zero when the chaos is off. */
    public Duration latency() {
        return live.current().latency();
    }

    void register(@Observes ManagementInterface management, ObjectMapper json) {
        ChaosRoutes.register(management.router(), live,
                List.of(ChaosField.duration("latency", ChaosState.MAX_LATENCY, (state, latency) -> new ChaosState(latency))),
                json);
    }
}
