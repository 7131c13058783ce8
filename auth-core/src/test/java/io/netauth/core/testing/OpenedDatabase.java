package io.netauth.core.testing;

import io.netauth.core.jdbc.AuthDatabase;

/**
 * A migrated database for one test: a private in-memory H2, or a private schema on the local PostgreSQL
 * (dropped on close). Lets one contract test class run against every database with a two-line subclass.
 */
public final class OpenedDatabase implements AutoCloseable {

    private final AuthDatabase database;
    private final TestDatabases.PostgresSchema schema;

    private OpenedDatabase(AuthDatabase database, TestDatabases.PostgresSchema schema) {
        this.database = database;
        this.schema = schema;
    }

    public static OpenedDatabase h2() {
        return new OpenedDatabase(AuthDatabase.open(TestDatabases.h2Memory()), null);
    }

    /** Skips (or, with {@code CI} set, fails) where PostgreSQL does not answer; see {@link TestDatabases}. */
    public static OpenedDatabase postgres() {
        TestDatabases.PostgresSchema schema = TestDatabases.postgresSchema();
        try {
            return new OpenedDatabase(AuthDatabase.open(schema.settings()), schema);
        } catch (RuntimeException e) {
            schema.close();
            throw e;
        }
    }

    public AuthDatabase database() {
        return database;
    }

    @Override
    public void close() {
        database.close();
        if (schema != null) {
            schema.close();
        }
    }
}
