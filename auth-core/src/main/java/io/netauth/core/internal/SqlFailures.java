package io.netauth.core.internal;

import io.netauth.core.StoreUnavailableException;
import java.sql.SQLException;

/** Turns a JDBC failure into the core's typed exception. Not API. */
public final class SqlFailures {

    private static final String INTEGRITY_CONSTRAINT_CLASS = "23";

    private SqlFailures() {
    }

    /** Whether the failure is a constraint violation (a duplicate key, for one). */
    public static boolean isConstraintViolation(SQLException e) {
        String state = e.getSQLState();
        return state != null && state.startsWith(INTEGRITY_CONSTRAINT_CLASS);
    }

    /**
     * Whether a concurrent transaction made this one fail (serialization failure, deadlock, or H2's lock
     * timeout on a row another transaction is changing): the caller lost a race, nothing is broken.
     */
    public static boolean isSerializationFailure(SQLException e) {
        String state = e.getSQLState();
        return "40001".equals(state) || "40P01".equals(state) || "HYT00".equals(state);
    }

    /**
     * Any other failure leaves the store unable to answer: a lost connection, a pool timeout or a server
     * that refused the statement. The message names the action, never the data.
     */
    public static StoreUnavailableException unavailable(String action, SQLException e) {
        return new StoreUnavailableException("database failed to " + action + " (SQLState " + e.getSQLState()
                + ")", e);
    }
}
