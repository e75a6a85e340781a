package io.observability.demo.inventory.metrics;

import jakarta.enterprise.context.ApplicationScoped;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Meter.MeterProvider;
import io.micrometer.core.instrument.MeterRegistry;
import io.observability.demo.common.label.Labelled;
import io.quarkus.runtime.Startup;

/** {@code inventory_reservations_total{result}}: every result is registered up front, so it reads 0, not "No data". */
@Startup
@ApplicationScoped
public class InventoryMetrics {

    /** {@code out_of_stock}: the {@code result} label. */
    public enum Result implements Labelled {
        RESERVED,
        OUT_OF_STOCK,
        UNKNOWN_PRODUCT,
        CONFIRMED,
        RELEASED,
        EXPIRED
    }

    private final MeterProvider<Counter> reservations;

    InventoryMetrics(MeterRegistry registry) {
        reservations = Counter.builder("inventory.reservations")
                .description("Reservation decisions and lifecycle changes, by result")
                .withRegistry(registry);
        for (Result result : Result.values()) {
            reservations.withTag("result", result.label());
        }
    }

    public void record(Result result) {
        reservations.withTag("result", result.label()).increment();
    }
}
