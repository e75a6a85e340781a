package io.observability.demo.checkout.client;

import java.util.List;

/** What checkout asks inventory to reserve for an order. */
public record ReserveRequest(String orderId, List<Item> items) {

    public record Item(String sku, int quantity) {
    }
}
