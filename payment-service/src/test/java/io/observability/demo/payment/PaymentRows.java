package io.observability.demo.payment;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;

/** Reads the payment table directly: what is really stored, whatever the API says. */
@ApplicationScoped
public class PaymentRows {

    private final DataSource dataSource;

    PaymentRows(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    public long count(String orderId) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement query = connection.prepareStatement("select count(*) from payment where order_id = ?")) {
            query.setString(1, orderId);
            try (ResultSet result = query.executeQuery()) {
                result.next();
                return result.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
