package io.observability.demo.payment.service;

import java.util.Locale;

/** Why the gateway gave no answer (503): not an outcome, so the client may retry. */
public enum GatewayFailure {
    /** A random or test-card gateway error. */
    GATEWAY_ERROR,
    /** The chaos outage switch is on. */
    OUTAGE;

    /** {@code gateway_error}: the form in problem details, metric labels and logs. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
