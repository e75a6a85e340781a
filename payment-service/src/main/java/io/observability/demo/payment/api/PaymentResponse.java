package io.observability.demo.payment.api;

import java.math.BigDecimal;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.observability.demo.payment.model.DeclineReason;
import io.observability.demo.payment.model.Payment;
import io.observability.demo.payment.model.PaymentStatus;

/** A recorded payment as the API shows it; {@code declineReason} only for a declined one. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PaymentResponse(
        UUID id,
        String orderId,
        PaymentStatus status,
        BigDecimal amount,
        String currency,
        String cardLast4,
        DeclineReason declineReason) {

    static PaymentResponse of(Payment payment) {
        return new PaymentResponse(payment.id, payment.orderId, payment.status, payment.amount, payment.currency,
                payment.cardLast4, payment.declineReason);
    }
}
