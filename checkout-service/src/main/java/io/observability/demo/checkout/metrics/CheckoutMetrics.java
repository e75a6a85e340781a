package io.observability.demo.checkout.metrics;

import jakarta.enterprise.context.ApplicationScoped;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Meter.MeterProvider;
import io.micrometer.core.instrument.MeterRegistry;
import io.observability.demo.checkout.api.OrderView;
import io.observability.demo.checkout.model.FailureReason;
import io.quarkus.runtime.Startup;

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

    private final MeterProvider<Counter> orders;
    private final MeterProvider<DistributionSummary> orderValue;
    private final Counter replays;

    CheckoutMetrics(MeterRegistry registry) {
        orders = Counter.builder("checkout.orders")
                .description("Checkout requests by outcome")
                .withRegistry(registry);
        orders.withTag("outcome", CONFIRMED);
        for (FailureReason reason : FailureReason.values()) {
            orders.withTag("outcome", reason.label());
        }
        orderValue = DistributionSummary.builder("checkout.order.value")
                .description("Total value of confirmed orders")
                .serviceLevelObjectives(VALUE_BUCKETS)
                .withRegistry(registry);
        replays = Counter.builder("checkout.idempotent.replays")
                .description("Checkout requests answered from the result of an earlier request with the same Idempotency-Key")
                .register(registry);
    }

    /** {@code confirmed} or why the order failed: its {@code outcome} label and {@code checkout.outcome} attribute. */
    public static String outcome(OrderView order) {
        return order.failureReason() == null ? CONFIRMED : order.failureReason().label();
    }

    public void finished(OrderView order) {
        orders.withTag("outcome", outcome(order)).increment();
        if (order.failureReason() != null) {
            return;
        }
        orderValue.withTag("currency", order.currency()).record(order.total().doubleValue());
    }

    public void replayed() {
        replays.increment();
    }
}
