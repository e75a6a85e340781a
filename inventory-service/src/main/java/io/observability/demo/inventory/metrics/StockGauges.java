package io.observability.demo.inventory.metrics;

import java.util.Map;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.transaction.Transactional;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.MultiGauge.Row;
import io.micrometer.core.instrument.Tags;
import io.observability.demo.inventory.config.InventoryConfig;
import io.observability.demo.inventory.model.Product;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled.ConcurrentExecution;
import io.quarkus.scheduler.Scheduler;

/**
 * {@code inventory_stock_available{sku}}: units left per product. Refreshed from the database on a schedule
 * rather than queried at scrape time, so a scrape never waits on the database. The sku label is bounded by
 * the catalog, which is small and changes only through migrations.
 */
@ApplicationScoped
public class StockGauges {

    private final MultiGauge gauges;
    /** Units left by sku, as of the last refresh: what every row of {@link #gauges} reads. */
    private volatile Map<String, Integer> available = Map.of();

    StockGauges(MeterRegistry registry) {
        this.gauges = MultiGauge.builder("inventory.stock.available")
                .description("Units of a product that can still be reserved")
                .register(registry);
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
        available = Product.<Product> listAll().stream()
                .collect(Collectors.toMap(product -> product.sku, product -> product.available));
        // Without overwrite, a sku's gauge is registered once and reads the latest snapshot ever after; with it,
        // every refresh would remove and re-register each gauge, and a scrape in between would miss that sku.
        // Every sku of the catalog has its row; one no longer there loses its gauge.
        gauges.register(available.keySet().stream()
                .map(sku -> Row.of(Tags.of("sku", sku), () -> available.get(sku)))
                .toList(), false);
    }
}
