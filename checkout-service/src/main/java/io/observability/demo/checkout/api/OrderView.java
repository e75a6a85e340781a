package io.observability.demo.checkout.api;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import io.observability.demo.checkout.model.FailureReason;
import io.observability.demo.checkout.model.Order;
import io.observability.demo.checkout.model.OrderStatus;

public record OrderView(UUID id, OrderStatus status, FailureReason failureReason, String declineReason, String customerId,
        List<Item> items,
        BigDecimal total, String currency, String paymentId, Instant createdAt) {

    public record Item(String sku, int quantity, BigDecimal unitPrice) {
    }

    public static OrderView of(Order order) {
        return new OrderView(order.id, order.status, order.failureReason, order.declineReason, order.customerId,
                order.items.stream().map(item -> new Item(item.sku, item.quantity, item.unitPrice)).toList(),
                order.total, order.currency, order.paymentId, order.createdAt);
    }
}
