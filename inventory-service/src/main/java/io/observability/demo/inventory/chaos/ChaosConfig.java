package io.observability.demo.inventory.chaos;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import org.hibernate.validator.constraints.time.DurationMax;
import org.hibernate.validator.constraints.time.DurationMin;

/** The configured chaos: what the service starts with and what {@code POST /q/chaos/reset} restores. */
@ConfigMapping(prefix = "inventory.chaos")
public interface ChaosConfig {

    /** Added to every reservation as a slow query ({@code pg_sleep}) inside its database transaction. */
    @DurationMin(millis = 0)
    @DurationMax(seconds = ChaosState.MAX_LATENCY_SECONDS)
    Duration latency();
}
