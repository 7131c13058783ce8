package io.netauth.core;

import io.netauth.core.testing.OpenedDatabase;

class PostgresRefreshTokenRotationTest extends RefreshTokenRotationContract {

    @Override
    OpenedDatabase openDatabase() {
        return OpenedDatabase.postgres();
    }
}
