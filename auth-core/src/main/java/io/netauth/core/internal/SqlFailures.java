package io.netauth.core.internal;

import io.netauth.core.InvalidInputException;
import io.netauth.core.StoreUnavailableException;
import java.sql.SQLException;

/** Turns a JDBC failure into the core's typed exception. Not API. */
public final class SqlFailures {

    private static final String INTEGRITY_CONSTRAINT_CLASS = "23";
    private static final String DATA_EXCEPTION_CLASS = "22";

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
     * A failure the caller did not expect. A data exception (SQLState class 22: a value too long or out of range)
     * or a constraint the caller did not check (class 23) is the request's fault, not an outage: it becomes an
     * {@link InvalidInputException} (400), never a 503 that a client would retry forever. Any other failure
     * leaves the store unable to answer: a lost connection, a pool timeout or a server that refused the
     * statement. The message names the action, never the data.
     */
    public static RuntimeException failure(String action, SQLException e) {
        String state = e.getSQLState();
        if (state != null && (state.startsWith(DATA_EXCEPTION_CLASS) || state.startsWith(INTEGRITY_CONSTRAINT_CLASS))) {
            return new InvalidInputException("the database refused a value while trying to " + action
                    + " (SQLState " + state + ")");
        }
        return new StoreUnavailableException("database failed to " + action + " (SQLState " + state + ")", e);
    }
}
