package io.netauth.core.jdbc;

import io.netauth.core.testing.TestDatabases;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

class H2RefreshTokenRotationTest extends RefreshTokenRotationContract {

    private AuthDatabase database;

    @BeforeEach
    void open() {
        database = AuthDatabase.open(TestDatabases.h2Memory());
    }

    @AfterEach
    void close() {
        database.close();
    }

    @Override
    AuthDatabase database() {
        return database;
    }
}
