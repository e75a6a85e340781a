package io.observability.demo.common.validation;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CardNumberValidatorTest {

    private final CardNumberValidator validator = new CardNumberValidator();

    @ParameterizedTest
    @ValueSource(strings = { "4242424242424242", "4000000000000002", "4000000000000119", "4000000000009995",
            "5555555555554444", "378282246310005", "6011111111111117", "4222222222222" })
    void acceptsValidCardNumbers(String card) {
        assertTrue(validator.isValid(card, null));
    }

    @ParameterizedTest
    @ValueSource(strings = { "4242424242424241", "4242 4242 4242 4242", "4242-4242-4242-4242", "42424242424",
            "42424242424242424242", "", "abcdefghijklm" })
    void rejectsAnythingElse(String card) {
        assertFalse(validator.isValid(card, null));
    }

    @Test
    void leavesNullToNotNull() {
        assertTrue(validator.isValid(null, null));
    }
}
