package io.observability.demo.checkout.model;

/** Why an order failed. Also the {@code outcome} label of {@code checkout_orders_total}, so the set is closed. */
public enum FailureReason {
    declined, out_of_stock, unknown_product, payment_unavailable, inventory_unavailable
}
