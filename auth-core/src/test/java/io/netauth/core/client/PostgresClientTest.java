package io.netauth.core.client;

import io.netauth.core.testing.OpenedDatabase;

class PostgresClientTest extends ClientContract {

    @Override
    OpenedDatabase openDatabase() {
        return OpenedDatabase.postgres();
    }
}
