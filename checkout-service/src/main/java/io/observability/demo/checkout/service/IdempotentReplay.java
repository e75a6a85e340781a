package io.observability.demo.checkout.service;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.observability.demo.checkout.api.CheckoutRequest;
import io.observability.demo.checkout.api.OrderView;
import io.observability.demo.checkout.config.CheckoutConfig;
import io.observability.demo.checkout.metrics.CheckoutMetrics;
import io.observability.demo.checkout.model.OrderStatus;
import io.observability.demo.common.problem.Problem;
import io.observability.demo.common.problem.ProblemException;
import io.observability.demo.common.validation.CardNumberValidator;
import io.opentelemetry.api.trace.Span;

/**
 * Answers a repeated Idempotency-Key with the result of the first request: never a second order, never a second
 * charge. A key reused for a different request is a 422; while the first request still runs, the repeat waits
 * for it ({@code checkout.idempotency.wait}), then gives up with a 409 and {@code Retry-After}.
 */
@ApplicationScoped
public class IdempotentReplay {

    private static final Logger LOG = Logger.getLogger(IdempotentReplay.class);
    private static final long POLL_MILLIS = 100;

    private final OrderStore orders;
    private final CheckoutMetrics metrics;
    private final Duration maxWait;

    IdempotentReplay(OrderStore orders, CheckoutMetrics metrics, CheckoutConfig config) {
        this.orders = orders;
        this.metrics = metrics;
        this.maxWait = config.idempotency().maxWait();
    }

    /** Identifies the request behind an Idempotency-Key; the card is represented by its last 4 digits only. */
    static String requestHash(CheckoutRequest request) {
        String canonical = request.customerId() + "|" + request.items().stream()
                .map(item -> item.sku() + "x" + item.quantity()).collect(Collectors.joining(","))
                + "|" + CardNumberValidator.last4(request.cardNumber());
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(canonical.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** @param first the order the first request with this key created */
    OrderView replay(OrderView first, String requestHash) {
        Span.current().setAttribute("checkout.idempotent_replay", true);
        if (!orders.requestHash(first.id()).equals(requestHash)) {
            throw new ProblemException(Problem.of(422, "idempotency-key-reused", "Idempotency-Key reused",
                    "This Idempotency-Key was used for a different request").with("orderId", first.id()));
        }
        OrderView order = first;
        Instant deadline = Instant.now().plus(maxWait);
        while (order.status() == OrderStatus.PENDING && Instant.now().isBefore(deadline)) {
            pause();
            order = orders.find(order.id());
        }
        if (order.status() == OrderStatus.PENDING) {
            throw new ProblemException(Problem.of(409, "request-in-progress", "Request in progress",
                    "The first request with this Idempotency-Key is still running; retry later")
                    .with("orderId", order.id()), Map.of("Retry-After", "1"));
        }
        metrics.replayed();
        LOG.infof("Order %s replayed for a repeated Idempotency-Key", order.id());
        return order;
    }

    private static void pause() {
        try {
            Thread.sleep(POLL_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
