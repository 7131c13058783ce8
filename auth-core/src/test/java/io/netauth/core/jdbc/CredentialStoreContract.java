package io.netauth.core.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netauth.core.DuplicateUserException;
import io.netauth.core.InvalidTokenException;
import io.netauth.core.RefreshTokenRotation;
import io.netauth.core.StoredCredential;
import io.netauth.core.UserAccount;
import io.netauth.core.Usernames;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import io.netauth.core.testing.OpenedDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** What every {@link JdbcCredentialStore} database must do; one subclass per database. */
abstract class CredentialStoreContract {

    @RegisterExtension
    final PerTestDatabase opened = new PerTestDatabase(this::openDatabase);

    /** The database this run of the contract uses: {@link OpenedDatabase#h2()} or {@link OpenedDatabase#postgres()}. */
    abstract OpenedDatabase openDatabase();

    AuthDatabase database() {
        return opened.database();
    }

    JdbcCredentialStore store() {
        return database().credentialStore();
    }

    @Test
    void findsAUserByNormalisedName() {
        UserAccount created = store().createUser("Alice", "$hash-1", List.of("admin", "user"));
        StoredCredential found = store().findByUsername(Usernames.normalize("ALICE")).orElseThrow();
        assertEquals(created.id(), found.account().id());
        assertEquals("Alice", found.account().username());
        assertEquals(List.of("admin", "user"), found.account().roles());
        assertTrue(found.account().enabled());
        assertEquals("$hash-1", found.passwordHash());
    }

    @Test
    void findsAUserById() {
        UserAccount created = store().createUser("Bea", "$h", List.of("r"));
        assertEquals(created, store().findById(created.id()).orElseThrow());
        assertTrue(store().findById("no-such-id").isEmpty());
    }

    @Test
    void passwordChangeAndDisablingEndTheUsersSessions() {
        RefreshTokenRotation sessions = new RefreshTokenRotation(database().refreshTokenStore(),
                Duration.ofHours(1), Duration.ofHours(2), Duration.ZERO, Clock.systemUTC());
        UserAccount user = store().createUser("hal", "$h", List.of());
        String first = sessions.start(user.id());
        assertTrue(store().setPasswordHash("HAL", "$h2"));
        assertThrows(InvalidTokenException.class, () -> sessions.rotate(first));

        String second = sessions.start(user.id());
        assertTrue(store().setEnabled("hal", true), "enabling ends nothing");
        String third = sessions.rotate(second).refreshToken();
        assertTrue(store().setEnabled("hal", false));
        assertThrows(InvalidTokenException.class, () -> sessions.rotate(third));
    }

    @Test
    void unknownNamesAreEmpty() {
        assertTrue(store().findByUsername("nobody").isEmpty());
        assertTrue(store().findByUsername("x".repeat(5000)).isEmpty());
    }

    @Test
    void namesEqualAfterNormalisationAreOneAccount() {
        store().createUser("Alice", "$h", List.of());
        assertThrows(DuplicateUserException.class, () -> store().createUser("ALICE", "$h", List.of()));
        assertThrows(DuplicateUserException.class,
                () -> store().createUser("\uFF21\uFF4C\uFF49\uFF43\uFF45", "$h", List.of()));
    }

    @Test
    void replacePasswordHashIsACompareAndSet() {
        UserAccount user = store().createUser("bob", "$old", List.of());
        assertFalse(store().replacePasswordHash(user.id(), "$stale", "$new"));
        assertEquals("$old", store().findByUsername("bob").orElseThrow().passwordHash());
        assertTrue(store().replacePasswordHash(user.id(), "$old", "$new"));
        assertEquals("$new", store().findByUsername("bob").orElseThrow().passwordHash());
        assertFalse(store().replacePasswordHash(user.id(), "$old", "$newer"));
    }

    @Test
    void setPasswordAndEnableAnswerWhetherTheUserExists() {
        store().createUser("carol", "$a", List.of());
        assertTrue(store().setPasswordHash("CAROL", "$b"));
        assertEquals("$b", store().findByUsername("carol").orElseThrow().passwordHash());
        assertTrue(store().setEnabled("carol", false));
        assertFalse(store().findByUsername("carol").orElseThrow().account().enabled());
        assertTrue(store().setEnabled("carol", true));
        assertTrue(store().findByUsername("carol").orElseThrow().account().enabled());
        assertFalse(store().setPasswordHash("nobody", "$x"));
        assertFalse(store().setEnabled("nobody", false));
    }

    @Test
    void listsUsersInNameOrder() {
        store().createUser("zed", "$z", List.of());
        store().createUser("Amy", "$a", List.of("r"));
        assertEquals("Amy,zed", store().listUsers().stream().map(UserAccount::username)
                .collect(Collectors.joining(",")));
    }

    @Test
    void refusesBadNamesAndRoles() {
        assertThrows(IllegalArgumentException.class, () -> store().createUser(" ", "$h", List.of()));
        assertThrows(IllegalArgumentException.class, () -> store().createUser("a\nb", "$h", List.of()));
        assertThrows(IllegalArgumentException.class, () -> store().createUser("x".repeat(257), "$h", List.of()));
        assertThrows(IllegalArgumentException.class, () -> store().createUser("dave", "$h", List.of("a,b")));
    }
}
