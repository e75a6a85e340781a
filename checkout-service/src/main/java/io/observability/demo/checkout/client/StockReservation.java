package io.observability.demo.checkout.client;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** A reservation as inventory answers it, with the unit prices checkout charges. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record StockReservation(UUID id, String orderId, String status, List<Item> items, BigDecimal total,
        String currency, Instant expiresAt) {

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Item(String sku, int quantity, BigDecimal unitPrice) {
    }
}
