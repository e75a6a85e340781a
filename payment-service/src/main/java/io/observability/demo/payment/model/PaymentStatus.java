package io.observability.demo.payment.model;

import java.util.Locale;

/** The recorded outcome of an order's authorization. */
public enum PaymentStatus {
    AUTHORIZED,
    DECLINED;

    /** {@code authorized}: the form in the {@code payment.outcome} span attribute and the {@code result} metric label. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
