package io.netauth.core.jdbc;

import io.netauth.core.testing.TestDatabases;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

class PostgresCredentialStoreTest extends CredentialStoreContract {

    private TestDatabases.PostgresSchema schema;
    private AuthDatabase database;

    @BeforeEach
    void open() {
        schema = TestDatabases.postgresSchema();
        database = AuthDatabase.open(schema.settings());
    }

    @AfterEach
    void close() {
        if (database != null) {
            database.close();
        }
        if (schema != null) {
            schema.close();
        }
    }

    @Override
    AuthDatabase database() {
        return database;
    }
}
