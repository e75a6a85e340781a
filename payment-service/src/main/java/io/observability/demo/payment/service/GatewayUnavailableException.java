package io.observability.demo.payment.service;

/** The simulated gateway failed to answer. Recorded on the gateway span; the client gets a 503. */
public class GatewayUnavailableException extends RuntimeException {

    private final GatewayFailure reason;

    GatewayUnavailableException(GatewayFailure reason, String message) {
        // A designed failure: its stack trace would only point at the simulation.
        super(message, null, false, false);
        this.reason = reason;
    }

    public GatewayFailure reason() {
        return reason;
    }
}
