package io.observability.demo.checkout.service;

import java.math.BigDecimal;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.faulttolerance.Bulkhead;
import org.eclipse.microprofile.faulttolerance.exceptions.FaultToleranceException;
import org.jboss.logging.Logger;

import io.observability.demo.checkout.api.CheckoutRequest;
import io.observability.demo.checkout.api.OrderView;
import io.observability.demo.checkout.client.Authorization;
import io.observability.demo.checkout.client.AuthorizationRequest;
import io.observability.demo.checkout.client.AuthorizedPayment;
import io.observability.demo.checkout.client.DownstreamUnavailableException;
import io.observability.demo.checkout.client.InventoryClient;
import io.observability.demo.checkout.client.PaymentClient;
import io.observability.demo.checkout.client.ReserveRequest;
import io.observability.demo.checkout.client.ReserveResult;
import io.observability.demo.checkout.client.StockReservation;
import io.observability.demo.checkout.metrics.CheckoutMetrics;
import io.observability.demo.checkout.model.FailureReason;
import io.observability.demo.checkout.model.OrderStatus;
import io.observability.demo.common.validation.CardNumberValidator;
import io.opentelemetry.api.trace.Span;

/**
 * The checkout saga: store the order PENDING, reserve the stock, authorize the payment, confirm the
 * reservation, mark the order CONFIRMED. Any step that fails for good undoes the ones before it (the
 * reservation is released) and the order ends FAILED with its reason, so stock is never held for an order
 * that will not ship.
 */
@ApplicationScoped
public class CheckoutService {

    private static final Logger LOG = Logger.getLogger(CheckoutService.class);

    private final OrderStore orders;
    private final InventoryClient inventory;
    private final PaymentClient payments;
    private final IdempotentReplay replays;
    private final CheckoutMetrics metrics;

    CheckoutService(OrderStore orders, InventoryClient inventory, PaymentClient payments, IdempotentReplay replays,
            CheckoutMetrics metrics) {
        this.orders = orders;
        this.inventory = inventory;
        this.payments = payments;
        this.replays = replays;
        this.metrics = metrics;
    }

    /**
     * At most as many checkouts at once as the bulkhead admits (application.properties); the next one is turned
     * away before its order exists ({@code BulkheadException}, a 503), so the ones under way keep their database
     * connections and finish.
     *
     * @return the finished order: CONFIRMED or FAILED
     */
    @Bulkhead
    public OrderView checkout(CheckoutRequest request, String idempotencyKey) {
        Span span = Span.current();
        span.setAttribute("checkout.item_count", request.items().size());
        String requestHash = IdempotentReplay.requestHash(request);
        OrderStore.Started started = orders.start(new OrderStore.NewOrder(request.customerId(),
                request.items().stream().map(item -> new OrderStore.NewOrder.Line(item.sku(), item.quantity())).toList(),
                CardNumberValidator.last4(request.cardNumber()), idempotencyKey, requestHash));
        UUID orderId = started.order().id();
        span.setAttribute("order.id", orderId.toString());
        if (!started.created()) {
            return replays.replay(started.order(), requestHash);
        }

        OrderView order = place(orderId, request);
        span.setAttribute("checkout.outcome", CheckoutMetrics.outcome(order));
        metrics.finished(order);
        if (order.status() == OrderStatus.CONFIRMED) {
            LOG.infof("Order %s confirmed: %s %s, payment %s", order.id(), order.total(), order.currency(),
                    order.paymentId());
        } else {
            LOG.infof("Order %s failed: %s%s", order.id(), order.failureReason().label(),
                    order.declineReason() == null ? "" : " (" + order.declineReason() + ")");
        }
        return order;
    }

    private OrderView place(UUID orderId, CheckoutRequest request) {
        ReserveResult reserved;
        try {
            reserved = inventory.reserve(new ReserveRequest(orderId.toString(), request.items().stream()
                    .map(item -> new ReserveRequest.Item(item.sku(), item.quantity())).toList()));
        } catch (RuntimeException e) {
            // Unavailable, timed out or circuit open. The reservation may exist after all (a lost response):
            // inventory's expiry job gives its stock back.
            logIfUnexpected("inventory-service", e);
            return orders.fail(orderId, FailureReason.INVENTORY_UNAVAILABLE, null, e.getMessage());
        }
        if (reserved.refusal() != null) {
            return orders.fail(orderId, reserved.refusal(), null, reserved.detail());
        }
        StockReservation reservation = reserved.reservation();
        Span.current().setAttribute("reservation.id", reservation.id().toString());
        Map<String, BigDecimal> unitPrices = reservation.items().stream()
                .collect(Collectors.toMap(StockReservation.Item::sku, StockReservation.Item::unitPrice));
        orders.reserved(orderId, reservation.id(), unitPrices, reservation.total(), reservation.currency());

        Authorization authorization;
        try {
            authorization = payments.authorize(new AuthorizationRequest(orderId.toString(), reservation.total(),
                    reservation.currency(), request.cardNumber()));
        } catch (RuntimeException e) {
            logIfUnexpected("payment-service", e);
            Span.current().setAttribute("payment.outcome", "failed");
            release(orderId, reservation);
            return orders.fail(orderId, FailureReason.PAYMENT_UNAVAILABLE, null, e.getMessage());
        }
        if (authorization.declined()) {
            Span.current().setAttribute("payment.outcome", "declined");
            Span.current().setAttribute("payment.decline_reason", authorization.declineReason());
            release(orderId, reservation);
            return orders.fail(orderId, FailureReason.DECLINED, authorization.declineReason(),
                    "Payment declined: " + authorization.declineReason());
        }
        AuthorizedPayment payment = authorization.payment();
        Span.current().setAttribute("payment.outcome", "authorized");
        Span.current().setAttribute("payment.id", payment.id());

        try {
            inventory.confirm(reservation.id());
        } catch (RuntimeException e) {
            // The payment stays authorized but is never captured; the order and the stock stay consistent.
            release(orderId, reservation);
            return orders.fail(orderId, FailureReason.INVENTORY_UNAVAILABLE, null, e.getMessage());
        }
        return orders.confirm(orderId, payment.id());
    }

    /**
     * Unavailable, timed out and circuit open are the designed failures of a downstream call; anything else (a
     * 4xx we did not expect, a bug) still ends the order cleanly, and is logged as the error it is.
     */
    private static void logIfUnexpected(String service, RuntimeException e) {
        if (!(e instanceof DownstreamUnavailableException) && !(e instanceof FaultToleranceException)) {
            LOG.errorf(e, "Unexpected failure calling %s", service);
        }
    }

    /**
     * Compensation: give the stock back. If inventory cannot take the release now, the order is marked, and
     * {@link ReleaseRetry} retries until it does: a reservation that was confirmed (a confirm whose answer was
     * lost) would never expire on its own.
     */
    private void release(UUID orderId, StockReservation reservation) {
        try {
            inventory.release(reservation.id());
        } catch (RuntimeException e) {
            orders.releasePending(orderId, true);
            LOG.warnf("Could not release reservation %s of order %s now (%s); retrying in the background",
                    reservation.id(), orderId, e.getMessage());
        }
    }
}
