package io.observability.demo.inventory.api;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import io.observability.demo.inventory.model.Reservation;
import io.observability.demo.inventory.model.ReservationStatus;

public record ReservationView(UUID id, String orderId, ReservationStatus status, List<Item> items, BigDecimal total,
        String currency, Instant expiresAt) {

    public record Item(String sku, int quantity, BigDecimal unitPrice) {
    }

    public static ReservationView of(Reservation reservation) {
        return new ReservationView(reservation.id, reservation.orderId, reservation.status,
                reservation.items.stream().map(item -> new Item(item.sku, item.quantity, item.unitPrice)).toList(),
                reservation.total, reservation.currency, reservation.expiresAt);
    }
}
