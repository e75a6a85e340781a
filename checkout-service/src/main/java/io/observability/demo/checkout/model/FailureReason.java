package io.observability.demo.checkout.model;

import java.util.Locale;

import com.fasterxml.jackson.annotation.JsonValue;

/** Why an order failed. Also the {@code outcome} label of {@code checkout_orders_total}, so the set is closed. */
public enum FailureReason {
    DECLINED, OUT_OF_STOCK, UNKNOWN_PRODUCT, PAYMENT_UNAVAILABLE, INVENTORY_UNAVAILABLE;

    /** {@code out_of_stock}: the form in JSON, metric labels and span attributes. */
    @JsonValue
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
