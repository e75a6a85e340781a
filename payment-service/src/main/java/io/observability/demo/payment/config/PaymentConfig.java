package io.observability.demo.payment.config;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;

/** Everything payment-service reads from configuration under {@code payment.}. */
@ConfigMapping(prefix = "payment")
public interface PaymentConfig {

    /**
     * The simulated gateway's failure injection at start, and what {@code POST /q/chaos/reset} restores; the rules are
     * the constraints of {@code ChaosSettings.Values}.
     */
    Chaos chaos();

    interface Chaos {

        /** Share of authorizations that fail with a simulated gateway error (503). */
        double failureRate();

        /** Gateway latency of every authorization, applied with +-50% jitter. */
        Duration latency();

        /** Every authorization fails with 503. */
        boolean outage();
    }
}
