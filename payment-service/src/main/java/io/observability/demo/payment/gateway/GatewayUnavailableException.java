package io.observability.demo.payment.gateway;

/** The simulated gateway failed to answer. Recorded on the gateway span; the client gets a 503. */
public class GatewayUnavailableException extends RuntimeException {

    private final FailureReason reason;

    GatewayUnavailableException(FailureReason reason, String message) {
        // A designed failure: its stack trace would only point at the simulation.
        super(message, null, false, false);
        this.reason = reason;
    }

    public FailureReason reason() {
        return reason;
    }
}
