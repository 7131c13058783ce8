package io.netauth.core;

import io.netauth.core.testing.OpenedDatabase;

class H2RefreshTokenRotationTest extends RefreshTokenRotationContract {

    @Override
    OpenedDatabase openDatabase() {
        return OpenedDatabase.h2();
    }
}
