package io.observability.demo.payment;

import jakarta.enterprise.context.ApplicationScoped;

import io.observability.demo.testing.Sql;

/** Reads the payment table directly: what is really stored, whatever the API says. */
@ApplicationScoped
public class PaymentRows {

    private final Sql sql;

    PaymentRows(Sql sql) {
        this.sql = sql;
    }

    public long count(String orderId) {
        return sql.queryLong("select count(*) from payment where order_id = ?", orderId);
    }
}
