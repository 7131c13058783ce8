package io.netauth.core.jdbc;

import io.netauth.core.testing.OpenedDatabase;

class H2CredentialStoreTest extends CredentialStoreContract {

    @Override
    OpenedDatabase openDatabase() {
        return OpenedDatabase.h2();
    }
}
