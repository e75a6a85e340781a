package io.observability.demo.checkout.client;

import io.observability.demo.checkout.model.FailureReason;

/** The reservation, or why inventory refused it (out of stock or unknown product) with its detail. */
public record ReserveResult(StockReservation reservation, FailureReason refusal, String detail) {
}
