package io.observability.demo.checkout.client;

/** The authorized payment, or the reason the payment was declined. */
public record Authorization(AuthorizedPayment payment, String declineReason) {

    public boolean declined() {
        return declineReason != null;
    }
}
