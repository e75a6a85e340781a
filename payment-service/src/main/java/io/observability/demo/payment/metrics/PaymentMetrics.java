package io.observability.demo.payment.metrics;

import jakarta.enterprise.context.ApplicationScoped;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Meter.MeterProvider;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.observability.demo.common.metrics.LatencyHistograms;
import io.observability.demo.payment.model.DeclineReason;
import io.observability.demo.payment.model.PaymentStatus;
import io.observability.demo.payment.service.GatewayFailure;
import io.quarkus.runtime.Startup;

/**
 * The business metrics: {@code payment_authorizations_total{result, reason}} and
 * {@code payment_gateway_latency_seconds}. Labels are bounded: never an id, a card or an amount.
 */
@Startup
@ApplicationScoped
public class PaymentMetrics {

    private final Timer gatewayLatency;
    private final MeterProvider<Counter> authorizations;

    PaymentMetrics(MeterRegistry registry) {
        this.authorizations = Counter.builder("payment.authorizations")
                .description("Authorization decisions, each counted once per order (a replay is not counted)")
                .withRegistry(registry);
        this.gatewayLatency = Timer.builder("payment.gateway.latency")
                .description("Latency of each call to the (simulated) payment gateway")
                .serviceLevelObjectives(LatencyHistograms.BUCKETS)
                .publishPercentileHistogram(false)
                .register(registry);

        // Every expected series exists from startup, so dashboards show 0 rather than "No data".
        authorizations(PaymentStatus.AUTHORIZED.label(), "none");
        for (DeclineReason reason : DeclineReason.values()) {
            authorizations(PaymentStatus.DECLINED.label(), reason.label());
        }
        for (GatewayFailure reason : GatewayFailure.values()) {
            authorizations("failed", reason.label());
        }
    }

    public Timer gatewayLatency() {
        return gatewayLatency;
    }

    public void authorized() {
        authorizations(PaymentStatus.AUTHORIZED.label(), "none").increment();
    }

    public void declined(DeclineReason reason) {
        authorizations(PaymentStatus.DECLINED.label(), reason.label()).increment();
    }

    public void failed(GatewayFailure reason) {
        authorizations("failed", reason.label()).increment();
    }

    private Counter authorizations(String result, String reason) {
        return authorizations.withTags("result", result, "reason", reason);
    }
}
