package io.observability.demo.checkout.client;

/** Inventory said no for good: out of stock (409) or an unknown product (422). Never retried. */
public class ReservationRejectedException extends RuntimeException {

    private final int status;

    public ReservationRejectedException(int status, String detail) {
        super(detail, null, false, false);
        this.status = status;
    }

    public boolean outOfStock() {
        return status == 409;
    }
}
