package io.observability.demo.payment.chaos;

import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.validation.Validator;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;

import org.hibernate.validator.constraints.time.DurationMax;
import org.hibernate.validator.constraints.time.DurationMin;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.micrometer.core.instrument.MeterRegistry;
import io.observability.demo.common.chaos.LiveChaos;
import io.observability.demo.payment.config.PaymentConfig;
import io.quarkus.runtime.Startup;
import io.quarkus.vertx.http.ManagementInterface;

/**
 * The simulated gateway's failure injection: configured by {@code payment.chaos.*}, changed at run time with
 * {@code GET/PUT /q/chaos} and {@code POST /q/chaos/reset} on the management port (service-common's
 * {@link LiveChaos}), and exposed as the gauges {@code payment_chaos_failure_ratio},
 * {@code payment_chaos_latency_seconds} and {@code payment_chaos_outage}, so a dashboard shows when it was on.
 */
@Startup
@ApplicationScoped
public class ChaosSettings {

    /**
     * @param failureRate share of authorizations that fail with a simulated gateway error (503)
     * @param latency gateway latency of every authorization, with +-50% jitter; longer than 30 s would hold a
     *        database connection (and the order's lock) for too long
     * @param outage every authorization fails with 503
     */
    public record Values(
            @DecimalMin("0") @DecimalMax("1") double failureRate,
            @DurationMin(millis = 0) @DurationMax(seconds = 30) Duration latency,
            boolean outage) {
    }

    private final LiveChaos<Values> live;

    ChaosSettings(PaymentConfig config, ObjectMapper json, Validator validator, MeterRegistry registry) {
        PaymentConfig.Chaos chaos = config.chaos();
        live = new LiveChaos<>(Values.class, new Values(chaos.failureRate(), chaos.latency(), chaos.outage()), json, validator);
        live.gauge(registry, "payment.chaos.failure.ratio", "Share of authorizations the simulated gateway fails at random",
                null, Values::failureRate);
        live.gauge(registry, "payment.chaos.latency", "Simulated gateway latency (before jitter)",
                "seconds", values -> values.latency().toNanos() / 1e9);
        live.gauge(registry, "payment.chaos.outage", "1 while the simulated gateway is down",
                null, values -> values.outage() ? 1 : 0);
    }

    public Values current() {
        return live.current();
    }

    void routes(@Observes ManagementInterface management) {
        live.register(management.router());
    }
}
