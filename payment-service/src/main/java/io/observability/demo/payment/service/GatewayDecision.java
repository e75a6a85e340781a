package io.observability.demo.payment.service;

import io.observability.demo.payment.model.DeclineReason;

/** The gateway's final answer for a card: approved, or declined with a reason. */
public record GatewayDecision(boolean approved, DeclineReason declineReason) {

    static final GatewayDecision APPROVED = new GatewayDecision(true, null);

    static GatewayDecision declined(DeclineReason reason) {
        return new GatewayDecision(false, reason);
    }
}
