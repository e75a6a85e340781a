package io.observability.demo.inventory.service;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.observability.demo.inventory.config.InventoryConfig;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled.ConcurrentExecution;
import io.quarkus.scheduler.Scheduler;

/** Gives back the stock of reservations that checkout never confirmed nor released (it crashed, timed out...). */
@ApplicationScoped
public class ReservationExpiry {

    private static final int BATCH = 100;

    private final ReservationService reservations;

    ReservationExpiry(ReservationService reservations) {
        this.reservations = reservations;
    }

    void schedule(@Observes StartupEvent event, Scheduler scheduler, InventoryConfig config) {
        scheduler.newJob("reservation-expiry")
                .setInterval(config.reservation().expiryCheckInterval().toString())
                .setConcurrentExecution(ConcurrentExecution.SKIP)
                .setTask(execution -> expireOverdue())
                .schedule();
    }

    public void expireOverdue() {
        while (reservations.expireOverdue(BATCH) == BATCH) {
            // a full batch: there may be more
        }
    }
}
