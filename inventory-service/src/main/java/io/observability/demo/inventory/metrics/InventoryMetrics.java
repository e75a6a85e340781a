package io.observability.demo.inventory.metrics;

import java.util.EnumMap;
import java.util.Map;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.observability.demo.common.label.Labelled;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;

/** {@code inventory_reservations_total{result}}: every result is registered up front, so it reads 0, not "No data". */
@Startup
@ApplicationScoped
public class InventoryMetrics {

    /** {@code out_of_stock}: the {@code result} label. */
    public enum Result implements Labelled {
        RESERVED, OUT_OF_STOCK, UNKNOWN_PRODUCT, CONFIRMED, RELEASED, EXPIRED
    }

    private final Map<Result, Counter> reservations = new EnumMap<>(Result.class);

    InventoryMetrics(MeterRegistry registry) {
        for (Result result : Result.values()) {
            reservations.put(result, Counter.builder("inventory.reservations")
                    .description("Reservation decisions and lifecycle changes, by result")
                    .tag("result", result.label())
                    .register(registry));
        }
    }

    public void record(Result result) {
        reservations.get(result).increment();
    }
}
