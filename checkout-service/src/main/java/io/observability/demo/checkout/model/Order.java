package io.observability.demo.checkout.model;

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
import jakarta.persistence.OneToMany;
import jakarta.persistence.OrderBy;
import jakarta.persistence.Table;

import org.hibernate.annotations.CreationTimestamp;
import org.hibernate.annotations.UpdateTimestamp;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

@Entity
@Table(name = "orders")
public class Order extends PanacheEntityBase {

    /** Assigned by persist(), which runs before any remote call: the id is sent downstream as the order id. */
    @Id
    @GeneratedValue
    public UUID id;

    public String customerId;

    @Enumerated(EnumType.STRING)
    public OrderStatus status;

    /** Why the order failed, once it has. */
    @Enumerated(EnumType.STRING)
    public FailureReason failureReason;

    /** The payment's reason ({@code card_declined}, {@code insufficient_funds}...) when the failure is {@code declined}. */
    public String declineReason;

    public String failureDetail;

    public BigDecimal total;

    public String currency;

    public UUID reservationId;

    public String paymentId;

    public String cardLast4;

    /** The order failed but its reservation could not be released yet; {@code ReleaseRetry} keeps trying. */
    public boolean releasePending;

    public String idempotencyKey;

    public String requestHash;

    @CreationTimestamp
    public Instant createdAt;

    /** Every state change updates it; the release retry goes through pending orders in this order. */
    @UpdateTimestamp
    public Instant updatedAt;

    @OneToMany(mappedBy = "order", cascade = CascadeType.ALL, orphanRemoval = true)
    @OrderBy("id")
    public List<OrderItem> items = new ArrayList<>();

    /** The order with its items in one statement: every state change reads both, and a lazy load would be a second. */
    public static Optional<Order> findWithItems(UUID id) {
        return find("from Order o left join fetch o.items where o.id = ?1", id).singleResultOptional();
    }

    public static List<Order> releasePending(int max) {
        return find("releasePending = true order by updatedAt").page(0, max).list();
    }

    public static Optional<Order> findByIdempotencyKey(String key) {
        return find("from Order o left join fetch o.items where o.idempotencyKey = ?1", key).singleResultOptional();
    }
}
