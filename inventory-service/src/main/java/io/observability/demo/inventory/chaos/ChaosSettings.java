package io.observability.demo.inventory.chaos;

import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.validation.Validator;

import org.hibernate.validator.constraints.time.DurationMax;
import org.hibernate.validator.constraints.time.DurationMin;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.micrometer.core.instrument.MeterRegistry;
import io.observability.demo.common.chaos.LiveChaos;
import io.observability.demo.inventory.config.InventoryConfig;
import io.quarkus.runtime.Startup;
import io.quarkus.vertx.http.ManagementInterface;

/**
 * A slow database, on demand: the latency every reservation adds as a slow query inside its transaction (see
 * {@code ReservationService}), so the trace shows a long JDBC span under inventory's server span. Configured by
 * {@code inventory.chaos.latency}, changed at run time with {@code GET/PUT /q/chaos} and
 * {@code POST /q/chaos/reset} on the management port (service-common's {@link LiveChaos}), and exposed as the
 * gauge {@code inventory_chaos_latency_seconds}.
 */
@Startup
@ApplicationScoped
public class ChaosSettings {

    /**
     * @param latency added to every reservation; longer than 10 s would hold a database connection, and the order's
     *        advisory lock, past checkout's patience (it gives up on a reservation after 2 s and retries it twice)
     */
    public record Values(@DurationMin(millis = 0) @DurationMax(seconds = 10) Duration latency) {
    }

    private final LiveChaos<Values> live;

    ChaosSettings(InventoryConfig config, ObjectMapper json, Validator validator, MeterRegistry registry) {
        live = new LiveChaos<>(Values.class, new Values(config.chaos().latency()), json, validator);
        live.gauge(registry, "inventory.chaos.latency", "Latency added to every reservation as a slow database query",
                "seconds", values -> values.latency().toNanos() / 1e9);
    }

    /** The latency to add to the next reservation; zero when the chaos is off. */
    public Duration latency() {
        return live.current().latency();
    }

    void routes(@Observes ManagementInterface management) {
        live.register(management.router());
    }
}
