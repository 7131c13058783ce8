package io.netauth.core.internal;

import java.sql.Connection;
import java.sql.SQLException;

/** Runs JDBC work in one transaction: committed when it returns, rolled back when it throws. Not API. */
public final class Transactions {

    private Transactions() {
    }

    /** Work on one connection, inside a transaction. */
    @FunctionalInterface
    public interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    /** Runs {@code work} on {@code connection} as one transaction; a failure is rethrown as it came, after rollback. */
    public static <T> T run(Connection connection, Work<T> work) throws SQLException {
        connection.setAutoCommit(false);
        try {
            T result = work.run(connection);
            connection.commit();
            return result;
        } catch (SQLException | RuntimeException e) {
            connection.rollback();
            throw e;
        }
    }
}
