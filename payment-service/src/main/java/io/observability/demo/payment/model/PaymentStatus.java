package io.observability.demo.payment.model;

import io.observability.demo.common.label.Labelled;

/**
 * The recorded outcome of an order's authorization. {@code authorized} is the form in the
 * {@code payment.outcome} span attribute and the {@code result} metric label; JSON keeps the constant.
 */
public enum PaymentStatus implements Labelled {
    AUTHORIZED,
    DECLINED
}
