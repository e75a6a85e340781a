package io.observability.demo.payment.model;

import java.util.Locale;

/** The recorded outcome of an order's authorization. */
public enum PaymentStatus {
    AUTHORIZED,
    DECLINED;

    /** The value of the {@code payment.outcome} span attribute and the {@code result} metric label. */
    public String outcome() {
        return name().toLowerCase(Locale.ROOT);
    }
}
