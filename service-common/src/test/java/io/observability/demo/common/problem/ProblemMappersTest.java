package io.observability.demo.common.problem;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;

import org.junit.jupiter.api.Test;

class ProblemMappersTest {

    @Test
    void aDatabaseOutOfReachIsToldApartFromOtherFailures() {
        // As Hibernate wraps them: the pool's own failure, or the driver's, is the cause of a persistence exception.
        assertTrue(ProblemMappers.databaseUnavailable(wrapped(new SQLException("Sorry, acquisition timeout!"))),
                "Agroal's exhausted pool (no SQLState)");
        assertTrue(ProblemMappers.databaseUnavailable(wrapped(new SQLException("Connection refused", "08001"))),
                "connection refused");
        assertTrue(ProblemMappers.databaseUnavailable(wrapped(new SQLException("terminating connection", "57P01"))),
                "server shutting down");
        assertTrue(ProblemMappers.databaseUnavailable(new SQLTransientConnectionException("pool timeout")));

        assertFalse(ProblemMappers.databaseUnavailable(wrapped(new SQLException("duplicate key", "23505"))),
                "a constraint violation is a bug to see, not an outage");
        assertFalse(ProblemMappers.databaseUnavailable(wrapped(new SQLException("syntax error"))));
        assertFalse(ProblemMappers.databaseUnavailable(new IllegalStateException("no database here")));
    }

    private static RuntimeException wrapped(SQLException cause) {
        return new RuntimeException("could not execute statement", cause);
    }
}
