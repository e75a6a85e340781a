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
 * {@code checkout_orders_total{outcome}}: one count per order that reached a result (a replayed Idempotency-Key
 * request is counted in {@code checkout_idempotent_replays_total} instead; a request rejected as invalid creates
 * no order, and {@code http_server_requests_seconds_count{status="400"}} counts it), and
 * {@code checkout_order_value} for confirmed orders. Every outcome is registered up front, so it reads 0 rather
 * than "No data".
 */
@Startup
@ApplicationScoped
public class CheckoutMetrics {

    private static final String CONFIRMED = "confirmed";

    /** Order totals, in the currency's units: boundaries that make a readable value distribution. */
    private static final double[] VALUE_BUCKETS = { 10, 25, 50, 100, 250, 500, 1000, 2500, 5000 };

    private final MeterRegistry registry;
    private final Map<String, Counter> orders = new HashMap<>();
    private final Counter replays;

    CheckoutMetrics(MeterRegistry registry) {
        this.registry = registry;
        register(CONFIRMED);
        for (FailureReason reason : FailureReason.values()) {
            register(reason.label());
        }
        replays = Counter.builder("checkout.idempotent.replays")
                .description("Checkout requests answered from the result of an earlier request with the same Idempotency-Key")
                .register(registry);
    }

    /** {@code confirmed} or why the order failed: its {@code outcome} label and {@code checkout.outcome} attribute. */
    public static String outcome(OrderView order) {
        return order.failureReason() == null ? CONFIRMED : order.failureReason().label();
    }

    public void finished(OrderView order) {
        orders.get(outcome(order)).increment();
        if (order.failureReason() != null) {
            return;
        }
        DistributionSummary.builder("checkout.order.value")
                .description("Total value of confirmed orders")
                .tag("currency", order.currency())
                .serviceLevelObjectives(VALUE_BUCKETS)
                .register(registry)
                .record(order.total().doubleValue());
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
