package io.observability.demo.common.label;

import com.fasterxml.jackson.annotation.JsonValue;

/**
 * A {@link Labelled} enum whose JSON form is its label too. Kept apart from {@link Labelled} because some enums
 * (a payment's or an order's status) keep their upper-case constant in JSON, and the API must not change.
 */
public interface JsonLabelled extends Labelled {

    @JsonValue
    @Override
    default String label() {
        return Labelled.super.label();
    }
}
