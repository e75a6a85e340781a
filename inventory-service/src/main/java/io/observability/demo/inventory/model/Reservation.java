package io.observability.demo.inventory.model;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import jakarta.persistence.CascadeType;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.Id;
import jakarta.persistence.LockModeType;
import jakarta.persistence.OneToMany;
import jakarta.persistence.OrderBy;

import org.hibernate.annotations.CreationTimestamp;
import org.hibernate.annotations.UpdateTimestamp;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

@Entity
public class Reservation extends PanacheEntityBase {

    @Id
    @GeneratedValue
    public UUID id;

    public String orderId;

    @Enumerated(EnumType.STRING)
    public ReservationStatus status;

    public BigDecimal total;

    public String currency;

    @CreationTimestamp
    public Instant createdAt;

    public Instant expiresAt;

    /** Every status change updates it. */
    @UpdateTimestamp
    public Instant updatedAt;

    @OneToMany(mappedBy = "reservation", cascade = CascadeType.ALL, orphanRemoval = true)
    @OrderBy("sku")
    public List<ReservationItem> items = new ArrayList<>();

    public static Optional<Reservation> findByOrderId(String orderId) {
        return find("orderId", orderId).firstResultOptional();
    }

    /** Loads the reservation with a row lock, so status changes of one reservation never interleave. */
    public static Optional<Reservation> findForUpdate(UUID id) {
        return findByIdOptional(id, LockModeType.PESSIMISTIC_WRITE);
    }
}
