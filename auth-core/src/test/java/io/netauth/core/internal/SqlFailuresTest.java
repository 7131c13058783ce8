package io.netauth.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.netauth.core.InvalidInputException;
import io.netauth.core.StoreUnavailableException;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;

class SqlFailuresTest {

    @Test
    void dataAndConstraintErrorsAreTheRequestsFaultNeverAnOutage() {
        // SQLState classes per ISO/IEC 9075: 22 data exception (22001 string data, right truncation), 23 integrity.
        RuntimeException tooLong = SqlFailures.failure("add a user", new SQLException("value too long", "22001"));
        assertInstanceOf(InvalidInputException.class, tooLong);
        assertEquals("the database refused a value while trying to add a user (SQLState 22001)", tooLong.getMessage());
        assertInstanceOf(InvalidInputException.class, SqlFailures.failure("x", new SQLException("dup", "23505")));
        assertInstanceOf(StoreUnavailableException.class,
                SqlFailures.failure("x", new SQLException("connection lost", "08006")));
        assertInstanceOf(StoreUnavailableException.class, SqlFailures.failure("x", new SQLException("no state")));
    }
}
