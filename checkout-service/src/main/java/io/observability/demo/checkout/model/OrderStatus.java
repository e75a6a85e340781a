package io.observability.demo.checkout.model;

public enum OrderStatus {
    PENDING,
    CONFIRMED,
    FAILED
}
