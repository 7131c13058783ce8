package io.netauth.core.mfa;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netauth.core.InMemoryLoginThrottle;
import io.netauth.core.config.Settings;
import io.netauth.core.jdbc.AuthDatabase;
import io.netauth.core.secret.SecretKeys;
import io.netauth.core.testing.TestDatabases;
import java.time.Clock;
import org.junit.jupiter.api.Test;

/** Second factors refuse, when they are built, a store that could not seal the MFA token of a login. */
class SecondFactorsTest {

    private static SecondFactors over(AuthDatabase database) {
        Clock clock = Clock.systemUTC();
        return new SecondFactors(database.mfaStore(), new InMemoryLoginThrottle(Settings.defaults(), clock),
                Runnable::run, Settings.defaults(), clock);
    }

    @Test
    void aStoreWithoutKeysIsRefusedAtOnceNotAtTheFirstLogin() {
        try (AuthDatabase keyless = AuthDatabase.open(TestDatabases.h2Memory())) {
            IllegalStateException refused = assertThrows(IllegalStateException.class, () -> over(keyless));
            assertTrue(refused.getMessage().contains("AuthDatabase.open(settings, secrets)"), refused.getMessage());
        }
        try (AuthDatabase sealed = AuthDatabase.open(TestDatabases.h2Memory(),
                SecretKeys.parse(SecretKeys.generateKey()))) {
            assertDoesNotThrow(() -> over(sealed));
        }
    }
}
