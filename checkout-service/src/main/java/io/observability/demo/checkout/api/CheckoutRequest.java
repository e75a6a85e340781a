package io.observability.demo.checkout.api;

import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import io.observability.demo.common.validation.CardNumber;
import io.observability.demo.common.validation.SafeId;

public record CheckoutRequest(
        @NotBlank @Size(max = 64) @SafeId String customerId,
        @NotNull @Size(min = 1, max = 50) List<@NotNull @Valid Item> items,
        @NotNull @CardNumber String cardNumber) {

    public record Item(
            @NotBlank @Size(max = 32) @SafeId String sku,
            @NotNull @Min(1) @Max(100) Integer quantity) {
    }

    /** Never print the card number, wherever this record ends up. */
    @Override
    public String toString() {
        return "CheckoutRequest[customerId=" + customerId + ", items=" + items + ", card=****]";
    }
}
