package io.observability.demo.payment.model;

import java.util.Locale;

import com.fasterxml.jackson.annotation.JsonValue;

/** Why the gateway declined a card: a final answer, recorded and replayed for the order. */
public enum DeclineReason {
    CARD_DECLINED,
    INSUFFICIENT_FUNDS;

    /** {@code card_declined}: the form in JSON, metric labels and span attributes. */
    @JsonValue
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
