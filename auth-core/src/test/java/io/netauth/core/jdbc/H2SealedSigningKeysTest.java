package io.netauth.core.jdbc;

import io.netauth.core.testing.OpenedDatabase;

class H2SealedSigningKeysTest extends SealedSigningKeysContract {

    @Override
    OpenedDatabase openDatabase() {
        return OpenedDatabase.h2();
    }
}
