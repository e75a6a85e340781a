package io.observability.demo.checkout;

import jakarta.enterprise.context.ApplicationScoped;

import io.observability.demo.testing.Sql;

/** Counts orders straight in the database, so tests check what was really committed. */
@ApplicationScoped
public class Orders {

    private final Sql sql;

    Orders(Sql sql) {
        this.sql = sql;
    }

    public int forCustomer(String customerId) {
        return (int) sql.queryLong("select count(*) from orders where customer_id = ?", customerId);
    }
}
