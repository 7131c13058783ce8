package io.netauth.core.jdbc;

import io.netauth.core.testing.OpenedDatabase;

class PostgresSealedSigningKeysTest extends SealedSigningKeysContract {

    @Override
    OpenedDatabase openDatabase() {
        return OpenedDatabase.postgres();
    }
}
