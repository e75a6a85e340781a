package io.observability.demo.inventory.metrics;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.observability.demo.inventory.config.InventoryConfig;
import io.observability.demo.inventory.model.Product;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled.ConcurrentExecution;
import io.quarkus.scheduler.Scheduler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.transaction.Transactional;

/**
 * {@code inventory_stock_available{sku}}: units left per product. Refreshed from the database on a schedule
 * rather than queried at scrape time, so a scrape never waits on the database. The sku label is bounded by
 * the catalog, which is small and changes only through migrations.
 */
@ApplicationScoped
public class StockGauges {

    private final MeterRegistry registry;
    private final Map<String, AtomicInteger> available = new ConcurrentHashMap<>();

    StockGauges(MeterRegistry registry) {
        this.registry = registry;
    }

    void onStart(@Observes StartupEvent event, Scheduler scheduler, InventoryConfig config) {
        refresh();
        scheduler.newJob("stock-gauges")
                .setInterval(config.stock().gaugeRefreshInterval().toString())
                .setConcurrentExecution(ConcurrentExecution.SKIP)
                .setTask(execution -> refresh())
                .schedule();
    }

    @Transactional
    void refresh() {
        for (Product product : Product.<Product> listAll()) {
            available.computeIfAbsent(product.sku, this::register).set(product.available);
        }
    }

    private AtomicInteger register(String sku) {
        AtomicInteger units = new AtomicInteger();
        Gauge.builder("inventory.stock.available", units, AtomicInteger::get)
                .description("Units of a product that can still be reserved")
                .tag("sku", sku)
                .register(registry);
        return units;
    }
}
