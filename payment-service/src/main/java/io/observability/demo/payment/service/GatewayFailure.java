package io.observability.demo.payment.service;

import io.observability.demo.common.label.Labelled;

/**
 * Why the gateway gave no answer (503): not an outcome, so the client may retry. {@code gateway_error} is the
 * form in problem details, metric labels and logs.
 */
public enum GatewayFailure implements Labelled {
    /** A random or test-card gateway error. */
    GATEWAY_ERROR,
    /** The chaos outage switch is on. */
    OUTAGE
}
