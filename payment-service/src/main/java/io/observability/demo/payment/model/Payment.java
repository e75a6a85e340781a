package io.observability.demo.payment.model;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.Id;

import org.hibernate.annotations.CreationTimestamp;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** The recorded outcome of one order's authorization (at most one per order). */
@Entity
public class Payment extends PanacheEntityBase {

    @Id
    @GeneratedValue
    public UUID id;

    @Column(nullable = false, updatable = false, length = 64)
    public String orderId;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, length = 16)
    public PaymentStatus status;

    @Enumerated(EnumType.STRING)
    @Column(length = 32)
    public DeclineReason declineReason;

    @Column(nullable = false, precision = 12, scale = 2)
    public BigDecimal amount;

    @Column(nullable = false, length = 3)
    public String currency;

    /** The last four digits only: the full card number is never stored. */
    @Column(nullable = false, length = 4)
    public String cardLast4;

    @CreationTimestamp
    @Column(nullable = false, updatable = false)
    public Instant createdAt;

    public static Optional<Payment> findByOrderId(String orderId) {
        return find("orderId", orderId).firstResultOptional();
    }

    public static List<Payment> listByOrderId(String orderId) {
        return list("orderId", orderId);
    }
}
