package io.observability.demo.checkout.config;

import java.time.Duration;
import java.util.Optional;

import jakarta.validation.constraints.Min;

import org.hibernate.validator.constraints.time.DurationMin;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithName;

/** Everything checkout-service reads from configuration under {@code checkout.}. */
@ConfigMapping(prefix = "checkout")
public interface CheckoutConfig {

    Idempotency idempotency();

    /**
     * How often checkout retries releasing the stock of failed orders whose release did not go through
     * ({@code ReleaseRetry}, which schedules itself with it); empty, the retry does not run on its own. At least a
     * second: the scheduler checks its triggers once a second.
     */
    Optional<@DurationMin(seconds = 1) Duration> releaseRetryInterval();

    /**
     * How many checkouts one instance runs at once; the next ones get a 503 "overloaded". Fault tolerance applies
     * it: application.properties makes it the value of the bulkhead on {@code CheckoutService#checkout}.
     */
    @Min(1)
    int maxConcurrent();

    interface Idempotency {

        /** How long a request with a repeated Idempotency-Key waits for the first one to finish. */
        @WithName("wait")
        Duration maxWait();
    }
}
