package io.netauth.core.jdbc;

import io.netauth.core.testing.OpenedDatabase;

class PostgresCredentialStoreTest extends CredentialStoreContract {

    @Override
    OpenedDatabase openDatabase() {
        return OpenedDatabase.postgres();
    }
}
