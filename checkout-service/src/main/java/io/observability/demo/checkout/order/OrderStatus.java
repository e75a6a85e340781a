package io.observability.demo.checkout.order;

public enum OrderStatus {
    PENDING, CONFIRMED, FAILED
}
