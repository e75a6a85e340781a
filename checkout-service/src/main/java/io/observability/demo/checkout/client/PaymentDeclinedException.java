package io.observability.demo.checkout.client;

/** The payment was declined: a final business answer, never retried. */
public class PaymentDeclinedException extends RuntimeException {

    private final String reason;

    public PaymentDeclinedException(String reason) {
        super("Payment declined: " + reason, null, false, false);
        this.reason = reason;
    }

    public String reason() {
        return reason;
    }
}
