package io.observability.demo.payment.chaos;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import org.hibernate.validator.constraints.time.DurationMax;
import org.hibernate.validator.constraints.time.DurationMin;

/** The configured chaos: what the service starts with and what {@code POST /q/chaos/reset} restores. */
@ConfigMapping(prefix = "payment.chaos")
public interface ChaosConfig {

    /** Share of authorizations that fail with a simulated gateway error (503). */
    @DecimalMin("0")
    @DecimalMax("1")
    double failureRate();

    /** Simulated gateway latency of every authorization, applied with +-50% jitter. */
    @DurationMin(millis = 0)
    @DurationMax(seconds = ChaosState.MAX_LATENCY_SECONDS)
    Duration latency();

    /** Every authorization fails with 503. */
    boolean outage();
}
