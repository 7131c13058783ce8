package io.netauth.core.jdbc;

import io.netauth.core.testing.OpenedDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

class H2CredentialStoreTest extends CredentialStoreContract {

    private OpenedDatabase opened;

    @BeforeEach
    void open() {
        opened = OpenedDatabase.h2();
    }

    @AfterEach
    void close() {
        if (opened != null) {
            opened.close();
        }
    }

    @Override
    AuthDatabase database() {
        return opened.database();
    }
}
