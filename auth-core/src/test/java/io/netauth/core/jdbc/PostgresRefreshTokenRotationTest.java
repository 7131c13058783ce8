package io.netauth.core.jdbc;

import io.netauth.core.testing.OpenedDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

class PostgresRefreshTokenRotationTest extends RefreshTokenRotationContract {

    private OpenedDatabase opened;

    @BeforeEach
    void open() {
        opened = OpenedDatabase.postgres();
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
