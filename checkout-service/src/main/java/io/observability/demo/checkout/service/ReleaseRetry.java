package io.observability.demo.checkout.service;

import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import io.observability.demo.checkout.client.InventoryClient;
import io.observability.demo.checkout.config.CheckoutConfig;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled.ConcurrentExecution;
import io.quarkus.scheduler.Scheduler;

/** Finishes the compensations that could not run when an order failed: releases their reservations. */
@ApplicationScoped
public class ReleaseRetry {

    private static final Logger LOG = Logger.getLogger(ReleaseRetry.class);
    private static final int BATCH = 50;

    private final OrderStore orders;
    private final InventoryClient inventory;

    ReleaseRetry(OrderStore orders, InventoryClient inventory) {
        this.orders = orders;
        this.inventory = inventory;
    }

    void schedule(@Observes StartupEvent event, Scheduler scheduler, CheckoutConfig config) {
        config.releaseRetryInterval().ifPresent(interval -> scheduler.newJob("release-retry")
                .setInterval(interval.toString())
                .setConcurrentExecution(ConcurrentExecution.SKIP)
                .setTask(execution -> releasePending())
                .schedule());
    }

    public void releasePending() {
        for (Map.Entry<UUID, UUID> pending : orders.pendingReleases(BATCH).entrySet()) {
            try {
                inventory.release(pending.getValue());
            } catch (RuntimeException e) {
                LOG.debugf("Reservation %s still cannot be released: %s", pending.getValue(), e.getMessage());
                return; // inventory is still away: try again next time
            }
            orders.releasePending(pending.getKey(), false);
            LOG.infof("Reservation %s of failed order %s released on retry", pending.getValue(), pending.getKey());
        }
    }
}
