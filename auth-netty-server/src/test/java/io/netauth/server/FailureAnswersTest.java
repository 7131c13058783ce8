package io.netauth.server;

import static io.netauth.server.testing.RunningServer.loginBody;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netauth.core.CredentialStore;
import io.netauth.core.StoreUnavailableException;
import io.netauth.core.StoredCredential;
import io.netauth.server.testing.LogCapture;
import io.netauth.server.testing.RunningServer;
import java.net.http.HttpResponse;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What the client sees when the server's parts fail: the contract's code, never the failure's details. */
class FailureAnswersTest {

    @Test
    void unexpectedFailureIsA500WithoutDetailsAndTheLogGetsTheCause() throws Exception {
        CredentialStore broken = new FailingStore(new IllegalStateException("db password is hunter2"));
        try (RunningServer server = RunningServer.builder().store(broken).start(); LogCapture logs = LogCapture.start()) {
            HttpResponse<String> r = server.postJson("/auth", loginBody("alice", "pw"));
            LoginContractTest.assertError(r, 500, "internal_error");
            assertFalse(r.body().contains("hunter2"), r.body());
            assertFalse(r.body().contains("IllegalStateException"), r.body());
            assertTrue(logs.text().contains("IllegalStateException: db password is hunter2"), logs.text());
        }
    }

    @Test
    void unavailableStoreIsA503WithRetryAfter() throws Exception {
        CredentialStore down = new FailingStore(new StoreUnavailableException("connection refused", null));
        try (RunningServer server = RunningServer.builder().store(down).start()) {
            HttpResponse<String> r = server.postJson("/auth", loginBody("alice", "pw"));
            LoginContractTest.assertError(r, 503, "unavailable");
            assertEquals("1", r.headers().firstValue("retry-after").orElse(""));
        }
    }

    /** One request's failure is logged with its stack trace; the same failure again within a minute is counted. */
    @Test
    void repeatedUnexpectedFailureIsLoggedOnceNotOncePerRequest() throws Exception {
        CredentialStore broken = new FailingStore(new UnsupportedOperationException("broken for every request"));
        try (RunningServer server = RunningServer.builder().store(broken).start(); LogCapture logs = LogCapture.start()) {
            for (int i = 0; i < 50; i++) {
                LoginContractTest.assertError(server.postJson("/auth", loginBody("alice", "pw")), 500,
                        "internal_error");
            }
            long logged = logs.events().stream().filter(e -> e.getLevel() == ch.qos.logback.classic.Level.ERROR)
                    .filter(e -> e.getThrowableProxy() != null
                            && e.getThrowableProxy().getClassName().equals(UnsupportedOperationException.class.getName()))
                    .count();
            assertEquals(1, logged, logs.text());
        }
    }

    /** A store that always fails the same way, as a broken backend would. */
    private record FailingStore(RuntimeException failure) implements CredentialStore {
        @Override
        public Optional<StoredCredential> findByUsername(String normalizedUsername) {
            throw failure;
        }

        @Override
        public Optional<io.netauth.core.UserAccount> findById(String userId) {
            throw failure;
        }

        @Override
        public boolean replacePasswordHash(String userId, String expectedHash, String newHash) {
            throw failure;
        }
    }
}
