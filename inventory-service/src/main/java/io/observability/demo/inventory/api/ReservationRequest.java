package io.observability.demo.inventory.api;

import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import io.observability.demo.common.validation.SafeId;

/** Reserve stock for one order: all items or none. */
public record ReservationRequest(
        @NotBlank @Size(max = 64) @SafeId String orderId,
        @NotNull @Size(min = 1, max = 50) List<@NotNull @Valid Item> items) {

    public record Item(
            @NotBlank @Size(max = 32) String sku,
            @NotNull @Min(1) @Max(1000) Integer quantity) {
    }
}
