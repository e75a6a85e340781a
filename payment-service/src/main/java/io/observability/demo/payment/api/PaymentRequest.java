package io.observability.demo.payment.api;

import java.math.BigDecimal;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import io.observability.demo.common.validation.CardNumber;
import io.observability.demo.common.validation.CardNumberValidator;
import io.observability.demo.common.validation.SafeId;

/** {@code POST /api/payments}. The messages never echo a value, so a card number cannot leak through them. */
public record PaymentRequest(
        @NotBlank @Size(max = 64) @SafeId String orderId,

        @NotNull @DecimalMin(value = "0", inclusive = false) @DecimalMax("1000000") @Digits(integer = 7, fraction = 2, message = "must have at most 2 decimal places") BigDecimal amount,

        @NotNull @Pattern(regexp = "[A-Z]{3}", message = "must be an ISO 4217 code: 3 upper-case letters") String currency,

        @NotNull @CardNumber String cardNumber) {

    public String cardLast4() {
        return CardNumberValidator.last4(cardNumber);
    }

    /** Masks the card number: a request may end up in a log or an exception message. */
    @Override
    public String toString() {
        String card = cardNumber != null && cardNumber.length() >= 12 ? "****" + cardLast4() : "****";
        return "PaymentRequest[orderId=" + orderId + ", amount=" + amount + ", currency=" + currency
                + ", cardNumber=" + card + "]";
    }
}
