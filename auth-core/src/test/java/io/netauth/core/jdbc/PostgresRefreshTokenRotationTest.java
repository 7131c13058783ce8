package io.netauth.core.jdbc;

import io.netauth.core.testing.OpenedDatabase;

class PostgresRefreshTokenRotationTest extends RefreshTokenRotationContract {

    @Override
    OpenedDatabase openDatabase() {
        return OpenedDatabase.postgres();
    }
}
