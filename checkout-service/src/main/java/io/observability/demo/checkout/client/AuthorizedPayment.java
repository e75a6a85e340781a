package io.observability.demo.checkout.client;

import java.math.BigDecimal;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** A payment as payment-service answers an authorization. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record AuthorizedPayment(String id, String orderId, String status, BigDecimal amount, String currency) {
}
