package io.netauth.core.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netauth.core.Change;
import io.netauth.core.DuplicateUserException;
import io.netauth.core.LastRoleHolderException;
import io.netauth.core.InvalidInputException;
import io.netauth.core.StoredCredential;
import io.netauth.core.UserAccount;
import io.netauth.core.Usernames;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;
import io.netauth.core.testing.OpenedDatabase;
import io.netauth.core.testing.PerTestDatabase;
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

    JdbcUserDirectory users() {
        return database().userDirectory();
    }

    @Test
    void findsAUserByNormalisedName() {
        UserAccount created = users().createUser("Alice", "$hash-1", List.of("admin", "user"));
        StoredCredential found = store().findByUsername(Usernames.normalize("ALICE")).orElseThrow();
        assertEquals(created.id(), found.account().id());
        assertEquals("Alice", found.account().username());
        assertEquals(List.of("admin", "user"), found.account().roles());
        assertTrue(found.account().enabled());
        assertEquals("$hash-1", found.passwordHash());
    }

    @Test
    void findsAUserById() {
        UserAccount created = users().createUser("Bea", "$h", List.of("r"));
        assertEquals(created, store().findById(created.id()).orElseThrow());
        assertTrue(store().findById("no-such-id").isEmpty());
    }

    @Test
    void passwordChangeAndDisablingEndTheUsersSessions() {
        UserAccount user = users().createUser("hal", "$h", List.of());
        String first = session(user, "first");
        assertTrue(users().setPasswordHash("HAL", "$h2"));
        assertTrue(revoked(first));

        String second = session(user, "second");
        assertTrue(users().setEnabled("hal", true), "enabling ends nothing");
        assertFalse(revoked(second));
        assertTrue(users().setEnabled("hal", false));
        assertTrue(revoked(second));
    }

    @Test
    void theLastEnabledHolderOfAKeptRoleCannotLoseIt() {
        users().createUser("root", "$h", List.of("admin"));
        users().createUser("ops", "$h", List.of("admin", "ops"));
        assertTrue(users().setEnabled("ops", false, "admin"), "another enabled admin remains");
        assertThrows(LastRoleHolderException.class, () -> users().setEnabled("root", false, "admin"));
        assertThrows(LastRoleHolderException.class, () -> users().setRoles("root", List.of("ops"), "admin"));
        assertThrows(LastRoleHolderException.class, () -> users().deleteUser("root", "admin"));
        UserAccount root = users().findAccount("root").orElseThrow();
        assertTrue(root.enabled());
        assertEquals(List.of("admin"), root.roles());
        assertTrue(users().setRoles("root", List.of("admin", "x"), "admin"), "keeping the role is allowed");
        assertTrue(users().setEnabled("ops", true, "admin"));
        assertTrue(users().setRoles("ops", List.of("ops"), "admin"), "root still holds it");
        assertFalse(users().deleteUser("nobody", "admin"));
        // Unguarded, as the CLI does after a confirmation.
        assertTrue(users().setEnabled("root", false));
        assertFalse(users().findAccount("root").orElseThrow().enabled());
    }

    @Test
    void aRoleLikeTheKeptOneIsNotIt() {
        users().createUser("root", "$h", List.of("admin"));
        users().createUser("lookalike", "$h", List.of("admins", "sub_admin"));
        assertThrows(LastRoleHolderException.class, () -> users().setEnabled("root", false, "admin"));
    }

    /** Two guarded changes at once, each taking the role from the other: exactly one is refused, on every database. */
    @Test
    void guardedChangesTakeTurnsSoOneHolderAlwaysRemains() throws Exception {
        for (int round = 0; round < 10; round++) {
            String a = "a" + round;
            String b = "b" + round;
            users().createUser(a, "$h", List.of("admin" + round));
            users().createUser(b, "$h", List.of("admin" + round));
            String role = "admin" + round;
            java.util.concurrent.CyclicBarrier start = new java.util.concurrent.CyclicBarrier(2);
            java.util.concurrent.ExecutorService threads = java.util.concurrent.Executors.newFixedThreadPool(2);
            try {
                List<java.util.concurrent.Future<Boolean>> results = List.of(
                        threads.submit(() -> {
                            start.await();
                            return changed(() -> users().setEnabled(a, false, role));
                        }),
                        threads.submit(() -> {
                            start.await();
                            return changed(() -> users().deleteUser(b, role));
                        }));
                int done = 0;
                for (java.util.concurrent.Future<Boolean> result : results) {
                    done += result.get(30, java.util.concurrent.TimeUnit.SECONDS) ? 1 : 0;
                }
                assertEquals(1, done, "round " + round);
                long holders = users().listUsers().stream().filter(u -> u.enabled() && u.roles().contains(role))
                        .count();
                assertEquals(1, holders, "round " + round);
            } finally {
                threads.shutdownNow();
            }
        }
    }

    private static boolean changed(java.util.function.BooleanSupplier change) {
        try {
            return change.getAsBoolean();
        } catch (LastRoleHolderException e) {
            return false;
        }
    }

    /** What every process must learn: the revocations of a user's tokens and the changes of its account. */
    @Test
    void disablingDeletingAndDemotingRecordTheRevocationOfTheUsersTokens() {
        UserAccount user = users().createUser("ivy", "$h", List.of("a", "b"));
        Instant before = Instant.now().minusSeconds(1);
        assertTrue(users().setRoles("ivy", List.of("a", "b", "c")));
        assertEquals(List.of(Change.ACCOUNT_CHANGED), kinds(user, before), "a role added revokes nothing");
        assertTrue(users().setRoles("ivy", List.of("a")));
        assertEquals(List.of(Change.ACCOUNT_CHANGED, Change.ACCOUNT_CHANGED, Change.USER_TOKENS_REVOKED),
                kinds(user, before));
        assertTrue(users().setEnabled("ivy", true));
        assertEquals(1, kinds(user, before).stream().filter(Change.USER_TOKENS_REVOKED::equals).count(),
                "enabling revokes nothing");
        assertTrue(users().setEnabled("ivy", false));
        assertEquals(2, kinds(user, before).stream().filter(Change.USER_TOKENS_REVOKED::equals).count());
        assertTrue(users().deleteUser("ivy"));
        assertEquals(3, kinds(user, before).stream().filter(Change.USER_TOKENS_REVOKED::equals).count());
        Change revoked = database().changeStore().readSince(before, Instant.now()).stream()
                .filter(c -> c.kind().equals(Change.USER_TOKENS_REVOKED)).findFirst().orElseThrow();
        assertTrue(!revoked.expiresAt().isBefore(revoked.recordedAt().plus(Duration.ofDays(1))),
                "kept until every token issued before it has expired");
    }

    private List<String> kinds(UserAccount user, Instant since) {
        return database().changeStore().readSince(since, Instant.now()).stream()
                .filter(c -> c.subject().equals(user.id())
                        && !c.kind().equals(io.netauth.core.session.BrowserSessions.USER_SESSIONS_ENDED))
                .map(Change::kind).sorted().toList();
    }

    /** Starts a refresh token family for {@code user} whose one token hashes to {@code tokenHash}. */
    private String session(UserAccount user, String tokenHash) {
        Instant now = Instant.now();
        database().refreshTokenStore().createFamily(tokenHash + "-family", user.id(), null, io.netauth.core.AuthMethods.PASSWORD, now,
                now.plus(Duration.ofHours(2)), tokenHash, now.plus(Duration.ofHours(1)));
        return tokenHash;
    }

    private boolean revoked(String tokenHash) {
        return database().refreshTokenStore().find(tokenHash).orElseThrow().revokedAt() != null;
    }

    @Test
    void unknownNamesAreEmpty() {
        assertTrue(store().findByUsername("nobody").isEmpty());
        assertTrue(store().findByUsername("x".repeat(5000)).isEmpty());
    }

    @Test
    void namesEqualAfterNormalisationAreOneAccount() {
        users().createUser("Alice", "$h", List.of());
        assertThrows(DuplicateUserException.class, () -> users().createUser("ALICE", "$h", List.of()));
        assertThrows(DuplicateUserException.class,
                () -> users().createUser("\uFF21\uFF4C\uFF49\uFF43\uFF45", "$h", List.of()));
    }

    @Test
    void replacePasswordHashIsACompareAndSet() {
        UserAccount user = users().createUser("bob", "$old", List.of());
        assertFalse(store().replacePasswordHash(user.id(), "$stale", "$new"));
        assertEquals("$old", store().findByUsername("bob").orElseThrow().passwordHash());
        assertTrue(store().replacePasswordHash(user.id(), "$old", "$new"));
        assertEquals("$new", store().findByUsername("bob").orElseThrow().passwordHash());
        assertFalse(store().replacePasswordHash(user.id(), "$old", "$newer"));
    }

    @Test
    void setPasswordAndEnableAnswerWhetherTheUserExists() {
        users().createUser("carol", "$a", List.of());
        assertTrue(users().setPasswordHash("CAROL", "$b"));
        assertEquals("$b", store().findByUsername("carol").orElseThrow().passwordHash());
        assertTrue(users().setEnabled("carol", false));
        assertFalse(store().findByUsername("carol").orElseThrow().account().enabled());
        assertTrue(users().setEnabled("carol", true));
        assertTrue(store().findByUsername("carol").orElseThrow().account().enabled());
        assertFalse(users().setPasswordHash("nobody", "$x"));
        assertFalse(users().setEnabled("nobody", false));
    }

    @Test
    void listsUsersInNameOrder() {
        users().createUser("zed", "$z", List.of());
        users().createUser("Amy", "$a", List.of("r"));
        assertEquals("Amy,zed", users().listUsers().stream().map(UserAccount::username)
                .collect(Collectors.joining(",")));
    }

    @Test
    void refusesBadNamesAndRoles() {
        assertThrows(InvalidInputException.class, () -> users().createUser(" ", "$h", List.of()));
        assertThrows(InvalidInputException.class, () -> users().createUser("a\nb", "$h", List.of()));
        assertThrows(InvalidInputException.class, () -> users().createUser("x".repeat(257), "$h", List.of()));
        assertThrows(InvalidInputException.class, () -> users().createUser("dave", "$h", List.of("a,b")));
    }

    /** A row as a version before the username profile wrote it: any name, and no confusable key. */
    void insertLegacy(String name) throws java.sql.SQLException {
        try (java.sql.Connection c = database().dataSource().getConnection();
                java.sql.PreparedStatement s = c.prepareStatement("INSERT INTO auth_users (id, username, "
                        + "normalized_username, password_hash, roles, enabled, created_at, updated_at) "
                        + "VALUES (?, ?, ?, '$h', '', TRUE, 0, 0)")) {
            s.setString(1, "legacy-" + name);
            s.setString(2, name);
            s.setString(3, Usernames.normalize(name));
            s.executeUpdate();
        }
    }

    /** UTS #39 section 4: a name with the skeleton of a taken one is taken, by a new account or an import. */
    @Test
    void aNameThatLooksLikeATakenOneIsRefused() {
        users().createUser("alice", "$h", List.of());
        String cyrillic = "\u0430\u04CF\u0456\u0441\u0435";
        assertThrows(DuplicateUserException.class, () -> users().createUser(cyrillic, "$h", List.of()));
        assertThrows(DuplicateUserException.class, () -> users().importUsers(List.of(
                new JdbcUserDirectory.ImportedUser("carol", "$h", List.of()),
                new JdbcUserDirectory.ImportedUser(cyrillic, "$h", List.of()))));
        assertTrue(store().findByUsername("carol").isEmpty(), "nothing of a refused import");
        assertThrows(InvalidInputException.class, () -> users().createUser("alice ", "$h", List.of()));
    }

    /** Accounts made before confusable keys get theirs at open; one that looks like another keeps none. */
    @Test
    void legacyAccountsGetConfusableKeysAndKeepWorking() throws Exception {
        insertLegacy("mary");
        insertLegacy("rnary");
        insertLegacy(" logamp");
        assertEquals(2, users().fillConfusableKeys(), "mary and rnary look alike: only one gets the key");
        assertEquals(0, users().fillConfusableKeys());
        assertThrows(DuplicateUserException.class, () -> users().createUser("MARY", "$h", List.of()));
        assertThrows(DuplicateUserException.class, () -> users().createUser("logarnp", "$h", List.of()),
                "looks like \" logamp\" once the space is out of sight");
        assertEquals("legacy- logamp", store().findByUsername(Usernames.normalize(" logamp")).orElseThrow()
                .account().id(), "a name the profile refuses still logs in");

        assertTrue(users().renameUser(" logamp", "logamp2"));
        assertEquals("legacy- logamp", store().findByUsername("logamp2").orElseThrow().account().id());
        assertThrows(InvalidInputException.class, () -> users().renameUser("logamp2", "log amp"));
        assertThrows(DuplicateUserException.class, () -> users().renameUser("logamp2", "mary"));
        assertFalse(users().renameUser("nobody", "somebody"));
    }
}
