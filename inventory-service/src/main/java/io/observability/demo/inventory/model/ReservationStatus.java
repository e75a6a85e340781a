package io.observability.demo.inventory.model;

public enum ReservationStatus {
    /** Stock is held for the order until it is confirmed, released or expires. */
    RESERVED,
    /** The order went through; the stock is sold. */
    CONFIRMED,
    /** The order failed and checkout gave the stock back. */
    RELEASED,
    /** Nobody confirmed or released it within the TTL; the expiry job gave the stock back. */
    EXPIRED
}
