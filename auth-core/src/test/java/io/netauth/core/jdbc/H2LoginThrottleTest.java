package io.netauth.core.jdbc;

import io.netauth.core.testing.OpenedDatabase;

class H2LoginThrottleTest extends JdbcLoginThrottleContract {

    @Override
    OpenedDatabase openDatabase() {
        return OpenedDatabase.h2();
    }
}
