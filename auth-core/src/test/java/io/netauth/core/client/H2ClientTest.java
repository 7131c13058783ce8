package io.netauth.core.client;

import io.netauth.core.testing.OpenedDatabase;

class H2ClientTest extends ClientContract {

    @Override
    OpenedDatabase openDatabase() {
        return OpenedDatabase.h2();
    }
}
