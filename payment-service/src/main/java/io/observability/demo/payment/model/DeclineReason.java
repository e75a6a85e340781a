package io.observability.demo.payment.model;

import io.observability.demo.common.label.JsonLabelled;

/**
 * Why the gateway declined a card: a final answer, recorded and replayed for the order. {@code card_declined}
 * is the form in JSON, metric labels and span attributes.
 */
public enum DeclineReason implements JsonLabelled {
    CARD_DECLINED,
    INSUFFICIENT_FUNDS
}
