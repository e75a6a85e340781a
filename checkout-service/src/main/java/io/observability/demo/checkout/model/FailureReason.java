package io.observability.demo.checkout.model;

import io.observability.demo.common.label.JsonLabelled;

/**
 * Why an order failed. Also the {@code outcome} label of {@code checkout_orders_total}, so the set is closed.
 * {@code out_of_stock} is the form in JSON, metric labels and span attributes.
 */
public enum FailureReason implements JsonLabelled {
    DECLINED,
    OUT_OF_STOCK,
    UNKNOWN_PRODUCT,
    PAYMENT_UNAVAILABLE,
    INVENTORY_UNAVAILABLE
}
