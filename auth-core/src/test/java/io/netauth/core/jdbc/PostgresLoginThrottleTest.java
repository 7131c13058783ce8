package io.netauth.core.jdbc;

import io.netauth.core.testing.OpenedDatabase;

class PostgresLoginThrottleTest extends JdbcLoginThrottleContract {

    @Override
    OpenedDatabase openDatabase() {
        return OpenedDatabase.postgres();
    }
}
