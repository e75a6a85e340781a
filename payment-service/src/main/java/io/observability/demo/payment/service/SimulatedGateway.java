package io.observability.demo.payment.service;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;

import io.observability.demo.payment.chaos.ChaosSettings;
import io.observability.demo.payment.metrics.PaymentMetrics;
import io.observability.demo.payment.model.DeclineReason;
import io.opentelemetry.instrumentation.annotations.WithSpan;

/**
 * The simulated card gateway, shaped by the live chaos settings. Each call is its own INTERNAL span; a failure
 * is recorded on it (status ERROR). The card number is a plain parameter: never a span attribute.
 */
@ApplicationScoped
public class SimulatedGateway {

    static final String DECLINED_CARD = "4000000000000002";
    static final String INSUFFICIENT_FUNDS_CARD = "4000000000009995";
    static final String UNAVAILABLE_CARD = "4000000000000119";

    private final ChaosSettings chaos;
    private final PaymentMetrics metrics;

    SimulatedGateway(ChaosSettings chaos, PaymentMetrics metrics) {
        this.chaos = chaos;
        this.metrics = metrics;
    }

    /** @throws GatewayUnavailableException when the gateway gives no answer (retryable) */
    @WithSpan("payment-gateway authorize")
    public GatewayDecision authorize(String cardNumber) {
        return metrics.gatewayLatency().record(() -> answer(cardNumber, chaos.current()));
    }

    private static GatewayDecision answer(String cardNumber, ChaosSettings.Values chaos) {
        simulateLatency(chaos.latency());
        if (chaos.outage()) {
            throw new GatewayUnavailableException(GatewayFailure.OUTAGE, "Payment gateway outage (simulated)");
        }
        // Decline and failure test cards always give their answer. Every card that would be approved, 4242
        // included, first goes through the random failure rate: that is what chaos injection acts on.
        return switch (cardNumber) {
            case DECLINED_CARD -> GatewayDecision.declined(DeclineReason.CARD_DECLINED);
            case INSUFFICIENT_FUNDS_CARD -> GatewayDecision.declined(DeclineReason.INSUFFICIENT_FUNDS);
            case UNAVAILABLE_CARD -> throw gatewayError();
            default -> {
                if (ThreadLocalRandom.current().nextDouble() < chaos.failureRate()) {
                    throw gatewayError();
                }
                yield GatewayDecision.APPROVED;
            }
        };
    }

    private static GatewayUnavailableException gatewayError() {
        return new GatewayUnavailableException(GatewayFailure.GATEWAY_ERROR, "Payment gateway error (simulated)");
    }

    /** The configured latency with +-50% jitter, like a real remote call. */
    private static void simulateLatency(Duration latency) {
        long nanos = (long) (latency.toNanos() * ThreadLocalRandom.current().nextDouble(0.5, 1.5));
        if (nanos <= 0) {
            return;
        }
        try {
            TimeUnit.NANOSECONDS.sleep(nanos);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new GatewayUnavailableException(GatewayFailure.GATEWAY_ERROR, "Interrupted while waiting for the gateway");
        }
    }
}
