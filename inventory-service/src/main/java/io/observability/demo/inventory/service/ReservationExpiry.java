package io.observability.demo.inventory.service;

import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;

/** Gives back the stock of reservations that checkout never confirmed nor released (it crashed, timed out...). */
@ApplicationScoped
public class ReservationExpiry {

    private static final int BATCH = 100;

    private final ReservationService reservations;

    ReservationExpiry(ReservationService reservations) {
        this.reservations = reservations;
    }

    @Scheduled(every = "${inventory.reservation.expiry-check-interval}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    public void expireOverdue() {
        while (reservations.expireOverdue(BATCH) == BATCH) {
            // a full batch: there may be more
        }
    }
}
