package io.observability.demo.inventory.service;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import org.jboss.logging.Logger;

import io.observability.demo.common.db.AdvisoryLock;
import io.observability.demo.common.problem.Problem;
import io.observability.demo.common.problem.ProblemException;
import io.observability.demo.inventory.api.ReservationRequest;
import io.observability.demo.inventory.api.ReservationView;
import io.observability.demo.inventory.chaos.ChaosSettings;
import io.observability.demo.inventory.config.InventoryConfig;
import io.observability.demo.inventory.metrics.InventoryMetrics;
import io.observability.demo.inventory.metrics.InventoryMetrics.Result;
import io.observability.demo.inventory.model.Product;
import io.observability.demo.inventory.model.Reservation;
import io.observability.demo.inventory.model.ReservationItem;
import io.observability.demo.inventory.model.ReservationStatus;
import io.opentelemetry.api.trace.Span;

/**
 * Reservations are all or nothing and never oversell: each item's stock is taken by a conditional UPDATE in
 * one transaction, and the first item that lacks stock rolls the whole reservation back. Status changes lock
 * the reservation row, so confirm, release and expiry of one reservation never race.
 */
@ApplicationScoped
public class ReservationService {

    private static final Logger LOG = Logger.getLogger(ReservationService.class);

    private final EntityManager em;
    private final InventoryMetrics metrics;
    private final Duration ttl;
    private final ChaosSettings chaos;

    ReservationService(EntityManager em, InventoryMetrics metrics, InventoryConfig config, ChaosSettings chaos) {
        this.em = em;
        this.metrics = metrics;
        this.ttl = config.reservation().ttl();
        this.chaos = chaos;
    }

    /** Views are built inside the transaction, where the items can still be loaded. */
    public record Reserved(ReservationView reservation, boolean created) {
    }

    /** Idempotent per order id: a repeat (checkout retrying) returns the reservation made the first time. */
    @Transactional
    public Reserved reserve(ReservationRequest request) {
        Span span = Span.current();
        span.setAttribute("order.id", request.orderId());
        span.setAttribute("reservation.item_count", request.items().size());

        // Serialises requests for one order id (checkout retrying a reservation).
        AdvisoryLock.lockUntilCommit(em, request.orderId());
        slowQueryWhenChaosIsOn();
        var existing = Reservation.findByOrderId(request.orderId());
        if (existing.isPresent()) {
            span.setAttribute("reservation.id", existing.get().id.toString());
            return new Reserved(ReservationView.of(existing.get()), false);
        }

        // Same sku twice is one line; taking stock in sku order means two reservations never deadlock.
        SortedMap<String, Integer> wanted = request.items().stream().collect(Collectors.toMap(
                ReservationRequest.Item::sku, ReservationRequest.Item::quantity, Integer::sum, TreeMap::new));
        Map<String, Product> products = Product.<Product> list("sku in ?1", wanted.keySet()).stream()
                .collect(Collectors.toMap(product -> product.sku, Function.identity()));

        List<String> unknown = wanted.keySet().stream().filter(sku -> !products.containsKey(sku)).toList();
        if (!unknown.isEmpty()) {
            metrics.record(Result.UNKNOWN_PRODUCT);
            LOG.infof("Reservation rejected for order %s: unknown products %s", request.orderId(), unknown);
            throw new ProblemException(Problem.of(422, "unknown-product", "Unknown product",
                    "No product with sku " + String.join(", ", unknown)).with("skus", unknown));
        }

        Reservation reservation = new Reservation();
        reservation.orderId = request.orderId();
        reservation.status = ReservationStatus.RESERVED;
        reservation.total = BigDecimal.ZERO;
        for (var line : wanted.entrySet()) {
            if (!Product.take(line.getKey(), line.getValue())) {
                metrics.record(Result.OUT_OF_STOCK);
                LOG.infof("Reservation rejected for order %s: not enough stock of %s", request.orderId(), line.getKey());
                // Throwing rolls back the stock already taken for the earlier lines.
                throw new ProblemException(Problem.of(409, "out-of-stock", "Out of stock",
                        "Not enough stock of " + line.getKey() + " for " + line.getValue() + " unit(s)")
                        .with("sku", line.getKey()).with("requested", line.getValue()));
            }
            Product product = products.get(line.getKey());
            ReservationItem item = new ReservationItem();
            item.reservation = reservation;
            item.sku = product.sku;
            item.quantity = line.getValue();
            item.unitPrice = product.price;
            reservation.items.add(item);
            reservation.total = reservation.total.add(product.price.multiply(BigDecimal.valueOf(item.quantity)));
            reservation.currency = product.currency;
        }
        reservation.expiresAt = Instant.now().plus(ttl);
        reservation.persist();

        span.setAttribute("reservation.id", reservation.id.toString());
        metrics.record(Result.RESERVED);
        LOG.infof("Reservation %s created for order %s: %d line(s), total %s %s", reservation.id, reservation.orderId,
                reservation.items.size(), reservation.total, reservation.currency);
        return new Reserved(ReservationView.of(reservation), true);
    }

    /** Idempotent: confirming a confirmed reservation changes nothing. */
    @Transactional
    public ReservationView confirm(UUID id) {
        Reservation reservation = lockedReservation(id);
        switch (reservation.status) {
            case CONFIRMED -> {
                return ReservationView.of(reservation);
            }
            case RESERVED -> {
                reservation.status = ReservationStatus.CONFIRMED;
                metrics.record(Result.CONFIRMED);
                LOG.infof("Reservation %s confirmed for order %s", reservation.id, reservation.orderId);
                return ReservationView.of(reservation);
            }
            default -> throw new ProblemException(Problem.of(409, "reservation-not-active", "Reservation not active",
                    "Reservation is " + reservation.status + " and can no longer be confirmed")
                    .with("status", reservation.status));
        }
    }

    /**
     * Gives the stock back. Idempotent: releasing a released or expired reservation changes nothing. A confirmed
     * one can be released too: that is how checkout compensates when it cannot finish an order it confirmed.
     */
    @Transactional
    public void release(UUID id) {
        Reservation reservation = lockedReservation(id);
        if (reservation.status == ReservationStatus.RESERVED || reservation.status == ReservationStatus.CONFIRMED) {
            giveBack(reservation, ReservationStatus.RELEASED);
            metrics.record(Result.RELEASED);
            LOG.infof("Reservation %s released for order %s", reservation.id, reservation.orderId);
        }
    }

    /** Expires up to {@code max} overdue reservations; rows another transaction holds are left for the next run. */
    @Transactional
    public int expireOverdue(int max) {
        @SuppressWarnings("unchecked")
        List<UUID> overdue = em.createNativeQuery("""
                select id from reservation
                where status = 'RESERVED' and expires_at < now()
                order by expires_at
                limit ?1
                for update skip locked""", UUID.class)
                .setParameter(1, max)
                .getResultList();
        for (UUID id : overdue) {
            Reservation reservation = Reservation.findById(id);
            giveBack(reservation, ReservationStatus.EXPIRED);
            metrics.record(Result.EXPIRED);
            LOG.infof("Reservation %s expired for order %s: stock released", reservation.id, reservation.orderId);
        }
        return overdue.size();
    }

    @Transactional
    public ReservationView get(UUID id) {
        return Reservation.<Reservation> findByIdOptional(id).map(ReservationView::of).orElseThrow(() -> notFound(id));
    }

    private void giveBack(Reservation reservation, ReservationStatus status) {
        for (ReservationItem item : reservation.items) {
            Product.giveBack(item.sku, item.quantity);
        }
        reservation.status = status;
    }

    private Reservation lockedReservation(UUID id) {
        Span.current().setAttribute("reservation.id", id.toString());
        Reservation reservation = Reservation.findForUpdate(id).orElseThrow(() -> notFound(id));
        Span.current().setAttribute("order.id", reservation.orderId);
        return reservation;
    }

    /**
     * Chaos (PUT /q/chaos {"latency":"300ms"} on the management port): a slow query in the reservation's own
     * transaction, like a missing index would give. It shows up in the trace as a long JDBC span under the
     * server span. It runs before any stock row is locked, so it slows reservations without serialising them.
     */
    private void slowQueryWhenChaosIsOn() {
        Duration latency = chaos.latency();
        if (!latency.isZero()) {
            em.createNativeQuery("select count(*) from pg_sleep(?1)")
                    .setParameter(1, latency.toNanos() / 1e9)
                    .getSingleResult();
        }
    }

    private static ProblemException notFound(UUID id) {
        return new ProblemException(Problem.of(404, "reservation-not-found", "Reservation not found",
                "No reservation with this id").with("reservationId", id));
    }
}
