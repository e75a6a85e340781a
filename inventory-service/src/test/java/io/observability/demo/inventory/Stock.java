package io.observability.demo.inventory;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;

/** Reads and sets stock straight in the database, so tests check what was really committed. */
@ApplicationScoped
public class Stock {

    private final DataSource dataSource;

    Stock(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    public int available(String sku) {
        return queryInt("select available from product where sku = ?", sku);
    }

    public void set(String sku, int available) {
        update("update product set available = ? where sku = ?", available, sku);
    }

    public int reservations(String orderIdPrefix) {
        return queryInt("select count(*) from reservation where order_id like ?", orderIdPrefix + "%");
    }

    public void backdate(String reservationId) {
        update("update reservation set expires_at = now() - interval '1 second' where id = ?::uuid", reservationId);
    }

    private int queryInt(String sql, Object parameter) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setObject(1, parameter);
            try (ResultSet result = statement.executeQuery()) {
                result.next();
                return result.getInt(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private void update(String sql, Object... parameters) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            statement.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
