package io.observability.demo.inventory.model;

import java.math.BigDecimal;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

@Entity
public class Product extends PanacheEntityBase {

    @Id
    public String sku;

    public String name;

    public BigDecimal price;

    public String currency;

    /** Units that can still be reserved. */
    @Column(nullable = false)
    public int available;

    /**
     * Takes {@code quantity} units if that many are available, in one statement, so concurrent reservations
     * never oversell: the row lock of the UPDATE serialises them and the condition re-checks the stock.
     *
     * @return whether the units were taken
     */
    public static boolean take(String sku, int quantity) {
        return update("available = available - ?1 where sku = ?2 and available >= ?1", quantity, sku) == 1;
    }

    public static void giveBack(String sku, int quantity) {
        update("available = available + ?1 where sku = ?2", quantity, sku);
    }
}
