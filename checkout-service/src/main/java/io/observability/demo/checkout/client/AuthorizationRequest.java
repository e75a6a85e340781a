package io.observability.demo.checkout.client;

import java.math.BigDecimal;

/** What checkout asks payment to authorize for an order. */
public record AuthorizationRequest(String orderId, BigDecimal amount, String currency, String cardNumber) {

    @Override
    public String toString() {
        return "AuthorizationRequest[orderId=" + orderId + ", amount=" + amount + " " + currency + ", card=****]";
    }
}
