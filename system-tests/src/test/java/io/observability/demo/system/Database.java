package io.observability.demo.system;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Read-only SQL against one service's database, for the invariants that no API exposes in aggregate. */
public final class Database {

    private final String name;
    private final String jdbcUrl;

    Database(String name, String jdbcUrl) {
        this.name = name;
        this.jdbcUrl = jdbcUrl;
    }

    public String jdbcUrl() {
        return jdbcUrl;
    }

    public List<Map<String, Object>> rows(String sql, Object... parameters) {
        try (Connection connection = DriverManager.getConnection(jdbcUrl, "postgres", "postgres");
                PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            try (ResultSet result = statement.executeQuery()) {
                ResultSetMetaData meta = result.getMetaData();
                List<Map<String, Object>> rows = new ArrayList<>();
                while (result.next()) {
                    Map<String, Object> row = new LinkedHashMap<>();
                    for (int column = 1; column <= meta.getColumnCount(); column++) {
                        row.put(meta.getColumnLabel(column), result.getObject(column));
                    }
                    rows.add(row);
                }
                return rows;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Query on " + name + " failed: " + sql, e);
        }
    }

    public long count(String sql, Object... parameters) {
        Object value = rows(sql, parameters).get(0).values().iterator().next();
        return value == null ? 0 : ((Number) value).longValue();
    }

    /** A two-column query (key, number) as a map. */
    public Map<String, Long> map(String sql, Object... parameters) {
        Map<String, Long> map = new LinkedHashMap<>();
        for (Map<String, Object> row : rows(sql, parameters)) {
            var values = row.values().iterator();
            String key = String.valueOf(values.next());
            Object value = values.next();
            map.put(key, value == null ? 0 : ((Number) value).longValue());
        }
        return map;
    }
}
