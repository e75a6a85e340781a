package io.observability.demo.checkout.metrics;

import java.util.HashMap;
import java.util.Map;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.observability.demo.checkout.model.FailureReason;
import io.observability.demo.checkout.api.OrderView;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * {@code checkout_orders_total{outcome}}: one count per checkout request that reached a result (a replayed
 * Idempotency-Key request is counted in {@code checkout_idempotent_replays_total} instead), and
 * {@code checkout_order_value} for confirmed orders. Every outcome is registered up front, so it reads 0 rather
 * than "No data".
 */
@Startup
@ApplicationScoped
public class CheckoutMetrics {

    public static final String CONFIRMED = "confirmed";
    public static final String INVALID = "invalid";

    /** Order totals, in the currency's units: boundaries that make a readable value distribution. */
    private static final double[] VALUE_BUCKETS = { 10, 25, 50, 100, 250, 500, 1000, 2500, 5000 };

    private final MeterRegistry registry;
    private final Map<String, Counter> orders = new HashMap<>();
    private final Counter replays;

    CheckoutMetrics(MeterRegistry registry) {
        this.registry = registry;
        register(CONFIRMED);
        register(INVALID);
        for (FailureReason reason : FailureReason.values()) {
            register(reason.name());
        }
        replays = Counter.builder("checkout.idempotent.replays")
                .description("Checkout requests answered from the result of an earlier request with the same Idempotency-Key")
                .register(registry);
    }

    public void finished(OrderView order) {
        if (order.failureReason() != null) {
            orders.get(order.failureReason().name()).increment();
            return;
        }
        orders.get(CONFIRMED).increment();
        DistributionSummary.builder("checkout.order.value")
                .description("Total value of confirmed orders")
                .tag("currency", order.currency())
                .serviceLevelObjectives(VALUE_BUCKETS)
                .register(registry)
                .record(order.total().doubleValue());
    }

    public void invalid() {
        orders.get(INVALID).increment();
    }

    public void replayed() {
        replays.increment();
    }

    private void register(String outcome) {
        orders.put(outcome, Counter.builder("checkout.orders")
                .description("Checkout requests by outcome")
                .tag("outcome", outcome)
                .register(registry));
    }
}
