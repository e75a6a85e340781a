package io.observability.demo.payment.service;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.observability.demo.common.db.AdvisoryLock;
import io.observability.demo.common.problem.Problem;
import io.observability.demo.common.problem.ProblemException;
import io.observability.demo.payment.api.PaymentRequest;
import io.observability.demo.payment.metrics.PaymentMetrics;
import io.observability.demo.payment.model.Payment;
import io.observability.demo.payment.model.PaymentStatus;
import io.opentelemetry.api.trace.Span;
import io.quarkus.hibernate.orm.panache.Panache;
import io.quarkus.narayana.jta.QuarkusTransaction;

/**
 * Authorizes each order at most once. Requests for one order are serialized by a PostgreSQL advisory lock on
 * the order id (held until commit); the unique constraint on {@code order_id} is the safety net. A repeat
 * gets the recorded outcome; a gateway failure records nothing, so the client may retry.
 */
@ApplicationScoped
public class PaymentService {

    private static final Logger LOG = Logger.getLogger(PaymentService.class);

    private final SimulatedGateway gateway;
    private final PaymentMetrics metrics;

    PaymentService(SimulatedGateway gateway, PaymentMetrics metrics) {
        this.gateway = gateway;
        this.metrics = metrics;
    }

    /** @return the authorized payment; a decline (402) or a gateway failure (503) is thrown as a problem. */
    public Payment authorize(PaymentRequest request) {
        Span span = Span.current();
        span.setAttribute("order.id", request.orderId());

        Decision decision;
        try {
            decision = QuarkusTransaction.requiringNew().call(() -> decide(request));
        } catch (GatewayUnavailableException e) {
            metrics.failed(e.reason());
            span.setAttribute("payment.outcome", "failed");
            LOG.warnf("Payment failed: orderId=%s reason=%s", request.orderId(), e.reason().label());
            throw new ProblemException(Problem.of(503, "payment-gateway-unavailable", "Payment gateway unavailable",
                    "The payment gateway could not authorize the payment; nothing was charged, retry later")
                    .with("orderId", request.orderId())
                    .with("reason", e.reason().label()),
                    Map.of("Retry-After", "1"));
        }

        // After commit: a new decision is counted and logged once, a replay is neither.
        Payment payment = decision.payment();
        span.setAttribute("payment.id", payment.id.toString());
        span.setAttribute("payment.outcome", payment.status.label());
        if (decision.replay()) {
            span.setAttribute("payment.replay", true);
            LOG.debugf("Replaying the recorded outcome: orderId=%s paymentId=%s", payment.orderId, payment.id);
        } else if (payment.status == PaymentStatus.AUTHORIZED) {
            metrics.authorized();
            LOG.infof("Payment authorized: orderId=%s paymentId=%s amount=%s currency=%s",
                    payment.orderId, payment.id, payment.amount.toPlainString(), payment.currency);
        } else {
            metrics.declined(payment.declineReason);
            LOG.infof("Payment declined: orderId=%s paymentId=%s reason=%s",
                    payment.orderId, payment.id, payment.declineReason.label());
        }

        if (payment.status == PaymentStatus.DECLINED) {
            span.setAttribute("payment.decline_reason", payment.declineReason.label());
            throw new ProblemException(Problem.of(402, "payment-declined", "Payment declined", declineDetail(payment))
                    .with("reason", payment.declineReason.label())
                    .with("paymentId", payment.id)
                    .with("orderId", payment.orderId));
        }
        return payment;
    }

    /** @throws ProblemException 404 when there is no payment with this id */
    public Payment get(UUID id) {
        return Payment.<Payment> findByIdOptional(id).orElseThrow(() -> new ProblemException(
                Problem.of(404, "payment-not-found", "Payment not found", "No payment with id " + id)));
    }

    /** The payments of an order: at most one. */
    public List<Payment> byOrder(String orderId) {
        return Payment.listByOrderId(orderId);
    }

    /** Runs in a transaction: lock the order id, then replay the recorded outcome or ask the gateway. */
    private Decision decide(PaymentRequest request) {
        AdvisoryLock.lockUntilCommit(Panache.getEntityManager(), request.orderId());

        var recorded = Payment.findByOrderId(request.orderId());
        if (recorded.isPresent()) {
            return new Decision(recorded.get(), true);
        }

        GatewayDecision answer = gateway.authorize(request.cardNumber());
        Payment payment = new Payment();
        payment.orderId = request.orderId();
        payment.status = answer.approved() ? PaymentStatus.AUTHORIZED : PaymentStatus.DECLINED;
        payment.declineReason = answer.declineReason();
        payment.amount = request.amount().setScale(2);
        payment.currency = request.currency();
        payment.cardLast4 = request.cardLast4();
        payment.persist();
        return new Decision(payment, false);
    }

    private static String declineDetail(Payment payment) {
        return switch (payment.declineReason) {
            case CARD_DECLINED -> "The card was declined";
            case INSUFFICIENT_FUNDS -> "The card has insufficient funds";
        };
    }

    private record Decision(Payment payment, boolean replay) {
    }
}
