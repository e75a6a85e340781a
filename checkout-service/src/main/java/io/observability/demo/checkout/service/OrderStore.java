package io.observability.demo.checkout.service;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import io.observability.demo.checkout.api.OrderView;
import io.observability.demo.checkout.model.FailureReason;
import io.observability.demo.checkout.model.Order;
import io.observability.demo.checkout.model.OrderItem;
import io.observability.demo.checkout.model.OrderStatus;
import io.observability.demo.common.db.AdvisoryLock;
import io.observability.demo.common.problem.Problem;
import io.observability.demo.common.problem.ProblemException;

/**
 * The order's state changes, each in its own short transaction: checkout never holds a database transaction
 * open while it waits on another service.
 */
@ApplicationScoped
public class OrderStore {

    private final EntityManager em;

    OrderStore(EntityManager em) {
        this.em = em;
    }

    public record NewOrder(String customerId, List<Line> lines, String cardLast4, String idempotencyKey,
            String requestHash) {
        public record Line(String sku, int quantity) {
        }
    }

    /** The order to work on: a new PENDING one, or the one an earlier request with the same key created. */
    public record Started(OrderView order, boolean created) {
    }

    /**
     * Creates the PENDING order, or finds the one created by an earlier request with the same Idempotency-Key.
     * Requests racing with one key are serialised by an advisory lock on the key, so exactly one creates it.
     */
    @Transactional
    public Started start(NewOrder request) {
        if (request.idempotencyKey() != null) {
            AdvisoryLock.lockUntilCommit(em, request.idempotencyKey());
            Optional<Order> existing = Order.findByIdempotencyKey(request.idempotencyKey());
            if (existing.isPresent()) {
                return new Started(OrderView.of(existing.get()), false);
            }
        }
        Order order = new Order();
        order.customerId = request.customerId();
        order.status = OrderStatus.PENDING;
        order.cardLast4 = request.cardLast4();
        order.idempotencyKey = request.idempotencyKey();
        order.requestHash = request.requestHash();
        for (NewOrder.Line line : request.lines()) {
            OrderItem item = new OrderItem();
            item.order = order;
            item.sku = line.sku();
            item.quantity = line.quantity();
            order.items.add(item);
        }
        order.persist();
        return new Started(OrderView.of(order), true);
    }

    /** Records what inventory reserved: the reservation, the unit prices and the total to charge. */
    @Transactional
    public OrderView reserved(UUID orderId, UUID reservationId, Map<String, BigDecimal> unitPrices, BigDecimal total,
            String currency) {
        Order order = load(orderId);
        order.reservationId = reservationId;
        order.items.forEach(item -> item.unitPrice = unitPrices.get(item.sku));
        order.total = total;
        order.currency = currency;
        return OrderView.of(order);
    }

    @Transactional
    public OrderView confirm(UUID orderId, String paymentId) {
        Order order = load(orderId);
        order.status = OrderStatus.CONFIRMED;
        order.paymentId = paymentId;
        return OrderView.of(order);
    }

    @Transactional
    public OrderView fail(UUID orderId, FailureReason reason, String declineReason, String detail) {
        Order order = load(orderId);
        order.status = OrderStatus.FAILED;
        order.failureReason = reason;
        order.declineReason = declineReason;
        order.failureDetail = detail == null ? null : detail.substring(0, Math.min(detail.length(), 500));
        return OrderView.of(order);
    }

    @Transactional
    public void releasePending(UUID orderId, boolean pending) {
        Order order = load(orderId);
        order.releasePending = pending;
    }

    /** Orders whose reservation still waits to be released: order id and reservation id. */
    @Transactional
    public Map<UUID, UUID> pendingReleases(int max) {
        Map<UUID, UUID> pending = new java.util.LinkedHashMap<>();
        Order.releasePending(max).forEach(order -> pending.put(order.id, order.reservationId));
        return pending;
    }

    @Transactional
    public OrderView find(UUID orderId) {
        return OrderView.of(load(orderId));
    }

    @Transactional
    public String requestHash(UUID orderId) {
        return load(orderId).requestHash;
    }

    private static Order load(UUID orderId) {
        return Order.findWithItems(orderId).orElseThrow(() -> new ProblemException(
                Problem.of(404, "order-not-found", "Order not found", "No order with this id").with("orderId", orderId)));
    }
}
