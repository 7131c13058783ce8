package io.netauth.core.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netauth.core.StoreUnavailableException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuthDatabaseTest {

    @Test
    void h2FileDatabaseKeepsUsersAcrossOpensAndMigratesOnce(@TempDir Path dir) {
        JdbcSettings settings = JdbcSettings.h2File(dir);
        try (AuthDatabase db = AuthDatabase.open(settings)) {
            db.credentialStore().createUser("erin", "$h", List.of());
        }
        try (AuthDatabase db = AuthDatabase.open(settings)) {
            assertTrue(db.credentialStore().findByUsername("erin").isPresent());
        }
        assertTrue(Files.exists(dir.resolve("netauth.mv.db")));
    }

    @Test
    void twoOpenersShareOneH2FileThroughAutoServer(@TempDir Path dir) {
        JdbcSettings settings = JdbcSettings.h2File(dir);
        try (AuthDatabase server = AuthDatabase.open(settings); AuthDatabase cli = AuthDatabase.open(settings)) {
            cli.credentialStore().createUser("frank", "$h", List.of());
            assertTrue(server.credentialStore().findByUsername("frank").isPresent());
        }
    }

    @Test
    void aClosedPoolAnswersUnavailable() {
        AuthDatabase db = AuthDatabase.open(JdbcSettings.h2File(Path.of("target", "closed-pool-test")));
        db.close();
        assertThrows(StoreUnavailableException.class, () -> db.credentialStore().findByUsername("x"));
    }

    @Test
    void settingsRedactCredentialsAndValidate() {
        JdbcSettings s = JdbcSettings.of("jdbc:postgresql://db/auth?password=hunter2", "u", "hunter2");
        assertEquals("jdbc:postgresql://db/auth", s.redactedUrl());
        assertFalse(s.toString().contains("hunter2"));
        assertEquals("PostgreSQL", s.product());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new JdbcSettings("jdbc:h2:mem:x", "", "", 0, Duration.ofSeconds(1)));
        assertEquals("db pool size: 0 (expected: > 0)", e.getMessage());
    }
}
