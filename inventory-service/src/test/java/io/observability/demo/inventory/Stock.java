package io.observability.demo.inventory;

import jakarta.enterprise.context.ApplicationScoped;

import io.observability.demo.testing.Sql;

/** Reads and sets stock straight in the database, so tests check what was really committed. */
@ApplicationScoped
public class Stock {

    private final Sql sql;

    Stock(Sql sql) {
        this.sql = sql;
    }

    public int available(String sku) {
        return (int) sql.queryLong("select available from product where sku = ?", sku);
    }

    public void set(String sku, int available) {
        sql.update("update product set available = ? where sku = ?", available, sku);
    }

    public int reservations(String orderIdPrefix) {
        return (int) sql.queryLong("select count(*) from reservation where order_id like ?", orderIdPrefix + "%");
    }

    public void backdate(String reservationId) {
        sql.update("update reservation set expires_at = now() - interval '1 second' where id = ?::uuid", reservationId);
    }
}
