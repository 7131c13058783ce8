package io.netauth.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netauth.core.config.CoreSettings;
import io.netauth.core.config.Settings;
import io.netauth.core.jdbc.AuthDatabase;
import io.netauth.core.jdbc.JdbcCredentialStore;
import io.netauth.core.testing.TestDatabases;
import io.netauth.core.token.JwtTokens;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class AuthenticationServiceTest {

    /** pyca/bcrypt hash of "correct horse": an imported hash, weaker than the argon2id policy. */
    private static final String BCRYPT = "$2b$10$abcdefghijklmnopqrstuu23JPZtHcGhwXSF41f93o/7vBdDut3Xu";

    private static final String CLIENT = "192.0.2.7";

    private final StandardPasswordHasher hasher = StandardPasswordHasher.argon2id(64, 1, 1);
    private final ExecutorService blocking = Executors.newFixedThreadPool(2);
    private final ExecutorService hashing = Executors.newFixedThreadPool(2);
    private AuthDatabase db;
    private TokenIssuer issuer;

    @BeforeEach
    void open() {
        db = AuthDatabase.open(TestDatabases.h2Memory());
        issuer = JwtTokens.builder().build(db.signingKeyStore()).signer();
    }

    @AfterEach
    void close() throws InterruptedException {
        blocking.shutdown();
        hashing.shutdown();
        blocking.awaitTermination(5, TimeUnit.SECONDS);
        hashing.awaitTermination(5, TimeUnit.SECONDS);
        db.close();
    }

    private AuthenticationService.Builder builder(CredentialStore store) {
        return AuthenticationService.builder().credentialStore(store).passwordHasher(hasher).signer(issuer)
                .refreshTokenStore(db.refreshTokenStore()).blockingExecutor(blocking).hashingExecutor(hashing);
    }

    private AuthenticationService service(CredentialStore store) {
        return builder(store).build();
    }

    private static Throwable failureOf(java.util.concurrent.CompletableFuture<?> future) {
        ExecutionException e = assertThrows(ExecutionException.class, () -> future.get(10, TimeUnit.SECONDS));
        return e.getCause();
    }

    @Test
    void correctPasswordGetsATokenForTheAccount() throws Exception {
        UserAccount alice = db.userDirectory().createUser("Alice", hasher.hash("s3cret"), List.of("user"));
        TokenGrant grant = service(db.credentialStore()).login("ALICE", "s3cret", CLIENT).get(10, TimeUnit.SECONDS);
        assertEquals(alice.id(), com.auth0.jwt.JWT.decode(grant.accessToken().value()).getSubject());
        assertEquals(43, grant.refreshToken().length());
    }

    @Test
    void unknownUserWrongPasswordAndDisabledAccountFailAlike() {
        db.userDirectory().createUser("bob", hasher.hash("right"), List.of());
        db.userDirectory().createUser("carol", hasher.hash("right"), List.of());
        db.userDirectory().setEnabled("carol", false);
        AuthenticationService logins = service(db.credentialStore());

        Throwable unknown = failureOf(logins.login("nobody", "right", CLIENT));
        Throwable wrong = failureOf(logins.login("bob", "wrong", CLIENT));
        Throwable disabled = failureOf(logins.login("carol", "right", CLIENT));
        for (Throwable t : List.of(unknown, wrong, disabled)) {
            assertInstanceOf(InvalidCredentialsException.class, t);
            assertEquals(unknown.getMessage(), t.getMessage());
        }
    }

    @Test
    void unknownUserCostsOneHash() throws Exception {
        CountingHasher counting = new CountingHasher(hasher);
        AuthenticationService logins = builder(db.credentialStore()).passwordHasher(counting).build();
        int afterDummy = counting.verifications;
        failureOf(logins.login("nobody", "pw", CLIENT));
        assertEquals(afterDummy + 1, counting.verifications);
    }

    @Test
    void weakerHashIsReplacedOnSuccessfulLogin() throws Exception {
        db.userDirectory().createUser("dave", BCRYPT, List.of());
        service(db.credentialStore()).login("dave", "correct horse", CLIENT).get(10, TimeUnit.SECONDS);
        String stored = db.credentialStore().findByUsername("dave").orElseThrow().passwordHash();
        assertTrue(stored.startsWith("$argon2id$v=19$m=64,t=1,p=1$"), stored);
        assertTrue(hasher.verify("correct horse", stored));
    }

    @Test
    void passwordChangeBetweenCheckAndRehashWins() throws Exception {
        JdbcCredentialStore real = db.credentialStore();
        db.userDirectory().createUser("erin", BCRYPT, List.of());
        String changed = hasher.hash("new password");
        // The admin's change lands after the login read the old hash and before its rehash is written.
        CredentialStore racing = new InterceptingStore(real, (id, expected, replacement) -> {
            db.userDirectory().setPasswordHash("erin", changed);
            return real.replacePasswordHash(id, expected, replacement);
        });
        TokenGrant grant = service(racing).login("erin", "correct horse", CLIENT).get(10, TimeUnit.SECONDS);
        assertTrue(grant.accessToken().value().length() > 0);
        assertEquals(changed, real.findByUsername("erin").orElseThrow().passwordHash());
    }

    @Test
    void failedRehashWriteDoesNotFailTheLogin() throws Exception {
        JdbcCredentialStore real = db.credentialStore();
        db.userDirectory().createUser("frank", BCRYPT, List.of());
        CredentialStore failingWrites = new InterceptingStore(real, (id, expected, replacement) -> {
            throw new StoreUnavailableException("write refused", null);
        });
        TokenGrant grant = service(failingWrites).login("frank", "correct horse", CLIENT).get(10, TimeUnit.SECONDS);
        assertTrue(grant.accessToken().expiresInSeconds() > 0);
        assertEquals(BCRYPT, real.findByUsername("frank").orElseThrow().passwordHash());
    }

    @Test
    void fullHashingPoolAnswersOverloaded() throws Exception {
        db.userDirectory().createUser("gina", hasher.hash("pw"), List.of());
        AuthenticationService logins = builder(db.credentialStore()).hashingExecutor(refusing()).build();
        assertInstanceOf(OverloadedException.class, failureOf(logins.login("gina", "pw", CLIENT)));
    }

    @Test
    void storeFailureAnswersUnavailable() {
        AuthenticationService logins = service(db.credentialStore());
        db.close();
        assertInstanceOf(StoreUnavailableException.class, failureOf(logins.login("gina", "pw", CLIENT)));
    }

    @Test
    void aFullHashingQueueIsRefusedBeforeTheThrottleOrTheStoreIsAsked() {
        JdbcCredentialStore real = db.credentialStore();
        InterceptingStore counting = new InterceptingStore(real, real::replacePasswordHash);
        AuthenticationService logins = builder(counting).hashingHasRoom(() -> false).build();
        assertInstanceOf(OverloadedException.class, failureOf(logins.login("gina", "pw", CLIENT)));
        assertEquals(0, counting.lookups.get());
        assertEquals(1, logins.outcomes().count(LoginOutcome.OVERLOADED));
    }

    @Test
    void failuresPastTheFreeOnesAreThrottledBeforeAnyHash() throws Exception {
        db.userDirectory().createUser("hank", hasher.hash("right"), List.of());
        CountingHasher counting = new CountingHasher(hasher);
        Settings twoFree = Settings.builder().set(CoreSettings.THROTTLE_ACCOUNT_FREE, 2).build();
        AuthenticationService logins = builder(db.credentialStore()).passwordHasher(counting).settings(twoFree)
                .build();
        for (int i = 0; i < 2; i++) {
            assertInstanceOf(InvalidCredentialsException.class, failureOf(logins.login("hank", "wrong", CLIENT)));
        }
        int hashesSoFar = counting.verifications;
        Throwable throttled = failureOf(logins.login("HANK", "right", "198.51.100.1"));
        TooManyAttemptsException tooMany = assertInstanceOf(TooManyAttemptsException.class, throttled);
        assertTrue(tooMany.retryAfterSeconds() >= 1);
        assertEquals(hashesSoFar, counting.verifications, "a throttled attempt computes no hash");
        assertEquals(2, logins.outcomes().count(LoginOutcome.INVALID_CREDENTIALS));
        assertEquals(1, logins.outcomes().count(LoginOutcome.THROTTLED));
    }

    @Test
    void anAttemptThatFailsWithAnUnexpectedErrorCountsAgainstTheThrottle() throws Exception {
        db.userDirectory().createUser("ivy", hasher.hash("right"), List.of());
        // What an OutOfMemoryError in a hash or any bug looks like to the login: not a verdict on the password.
        PasswordHasher failing = new PasswordHasher() {
            @Override
            public String hash(String password) {
                return hasher.hash(password);
            }

            @Override
            public boolean verify(String password, String encodedHash) {
                throw new IllegalStateException("the hash could not be computed");
            }

            @Override
            public boolean needsRehash(String encodedHash) {
                return false;
            }
        };
        Settings twoFree = Settings.builder().set(CoreSettings.THROTTLE_ACCOUNT_FREE, 2).build();
        AuthenticationService logins = builder(db.credentialStore()).passwordHasher(failing).settings(twoFree)
                .build();
        for (int i = 0; i < 2; i++) {
            assertInstanceOf(IllegalStateException.class, failureOf(logins.login("ivy", "guess " + i, CLIENT)));
        }
        assertInstanceOf(TooManyAttemptsException.class, failureOf(logins.login("ivy", "guess 3", CLIENT)));
        assertEquals(2, logins.outcomes().count(LoginOutcome.ERROR));
    }

    @Test
    void aSuccessResetsTheAccountsFailures() throws Exception {
        db.userDirectory().createUser("ivy", hasher.hash("right"), List.of());
        Settings twoFree = Settings.builder().set(CoreSettings.THROTTLE_ACCOUNT_FREE, 2).build();
        AuthenticationService logins = builder(db.credentialStore()).settings(twoFree).build();
        for (int round = 0; round < 3; round++) {
            failureOf(logins.login("ivy", "wrong", CLIENT));
            logins.login("ivy", "right", CLIENT).get(10, TimeUnit.SECONDS); // the second of two free attempts
        }
        assertEquals(3, logins.outcomes().count(LoginOutcome.SUCCESS));
        assertEquals(0, logins.outcomes().count(LoginOutcome.THROTTLED));
    }

    @Test
    void refreshesAreCountedByOutcome() throws Exception {
        db.userDirectory().createUser("jo", hasher.hash("right"), List.of());
        AuthenticationService logins = service(db.credentialStore());
        TokenGrant grant = logins.login("jo", "right", CLIENT).get(10, TimeUnit.SECONDS);
        logins.refresh(grant.refreshToken(), CLIENT).get(10, TimeUnit.SECONDS);
        assertInstanceOf(InvalidTokenException.class, failureOf(logins.refresh("x".repeat(43), CLIENT)));
        assertEquals(1, logins.outcomes().refreshes(true));
        assertEquals(1, logins.outcomes().refreshes(false));
    }

    /** Refuses every task, as a full bounded pool does. */
    private static java.util.concurrent.Executor refusing() {
        return command -> {
            throw new java.util.concurrent.RejectedExecutionException("full");
        };
    }

    /** The real store, counting its lookups by name, with its rehash write replaced by a test's own. */
    private record InterceptingStore(JdbcCredentialStore real, RehashWrite write, AtomicInteger lookups)
            implements CredentialStore {
        InterceptingStore(JdbcCredentialStore real, RehashWrite write) {
            this(real, write, new AtomicInteger());
        }

        @Override
        public Optional<StoredCredential> findByUsername(String normalizedUsername) {
            lookups.incrementAndGet();
            return real.findByUsername(normalizedUsername);
        }

        @Override
        public Optional<UserAccount> findById(String userId) {
            return real.findById(userId);
        }

        @Override
        public boolean replacePasswordHash(String userId, String expectedHash, String newHash) {
            return write.replace(userId, expectedHash, newHash);
        }
    }

    @FunctionalInterface
    private interface RehashWrite {
        boolean replace(String userId, String expectedHash, String newHash);
    }

    private static final class CountingHasher implements PasswordHasher {
        private final PasswordHasher delegate;
        volatile int verifications;

        CountingHasher(PasswordHasher delegate) {
            this.delegate = delegate;
        }

        @Override
        public String hash(String password) {
            return delegate.hash(password);
        }

        @Override
        public boolean verify(String password, String encodedHash) {
            verifications++;
            return delegate.verify(password, encodedHash);
        }

        @Override
        public boolean needsRehash(String encodedHash) {
            return delegate.needsRehash(encodedHash);
        }
    }
}
