package io.observability.demo.checkout.api;

import java.util.List;

import io.observability.demo.common.validation.CardNumber;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

public record CheckoutRequest(
        @NotBlank @Size(max = 64) @Pattern(regexp = SAFE, message = SAFE_MESSAGE) String customerId,
        @NotNull @Size(min = 1, max = 50) List<@NotNull @Valid Item> items,
        @NotNull @CardNumber String cardNumber) {

    static final String SAFE = "[A-Za-z0-9._:@-]*";
    static final String SAFE_MESSAGE = "may only contain letters, digits and . _ : @ -";

    public record Item(
            @NotBlank @Size(max = 32) @Pattern(regexp = SAFE, message = SAFE_MESSAGE) String sku,
            @NotNull @Min(1) @Max(100) Integer quantity) {
    }

    /** Never print the card number, wherever this record ends up. */
    @Override
    public String toString() {
        return "CheckoutRequest[customerId=" + customerId + ", items=" + items + ", card=****]";
    }
}
