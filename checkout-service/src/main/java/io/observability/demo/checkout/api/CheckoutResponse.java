package io.observability.demo.checkout.api;

import java.math.BigDecimal;
import java.util.List;
import java.util.UUID;

import io.observability.demo.checkout.model.OrderStatus;

public record CheckoutResponse(UUID orderId, OrderStatus status, BigDecimal total, String currency, String paymentId,
        List<OrderView.Item> items) {

    static CheckoutResponse of(OrderView order) {
        return new CheckoutResponse(order.id(), order.status(), order.total(), order.currency(), order.paymentId(),
                order.items());
    }
}
