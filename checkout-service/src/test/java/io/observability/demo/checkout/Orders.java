package io.observability.demo.checkout;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;

/** Counts orders straight in the database, so tests check what was really committed. */
@ApplicationScoped
public class Orders {

    private final DataSource dataSource;

    Orders(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    public int forCustomer(String customerId) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement("select count(*) from orders where customer_id = ?")) {
            statement.setString(1, customerId);
            try (ResultSet result = statement.executeQuery()) {
                result.next();
                return result.getInt(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
