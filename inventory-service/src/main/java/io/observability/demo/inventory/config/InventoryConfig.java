package io.observability.demo.inventory.config;

import java.time.Duration;

import org.hibernate.validator.constraints.time.DurationMin;

import io.smallrye.config.ConfigMapping;

/** Everything inventory-service reads from configuration under {@code inventory.}. */
@ConfigMapping(prefix = "inventory")
public interface InventoryConfig {

    Reservations reservation();

    Stock stock();

    /**
     * The failure injection at start, and what {@code POST /q/chaos/reset} restores; the rules are the constraints of
     * {@code ChaosSettings.Values}.
     */
    Chaos chaos();

    interface Reservations {

        /** A RESERVED reservation that checkout neither confirms nor releases within this time gives its stock back. */
        Duration ttl();

        /**
         * How often the expiry job looks for overdue reservations ({@code ReservationExpiry}, which schedules itself
         * with it). At least a second: the scheduler checks its triggers once a second.
         */
        @DurationMin(seconds = 1)
        Duration expiryCheckInterval();
    }

    interface Stock {

        /**
         * How often the {@code inventory_stock_available} gauges are refreshed from the database ({@code StockGauges},
         * which schedules itself with it). At least a second: the scheduler checks its triggers once a second.
         */
        @DurationMin(seconds = 1)
        Duration gaugeRefreshInterval();
    }

    interface Chaos {

        /** Added to every reservation as a slow query ({@code pg_sleep}) inside its database transaction. */
        Duration latency();
    }
}
