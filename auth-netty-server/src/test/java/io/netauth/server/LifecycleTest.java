package io.netauth.server;

import static io.netauth.server.testing.RunningServer.loginBody;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netauth.core.CredentialStore;
import io.netauth.core.StoredCredential;
import io.netauth.core.jdbc.AuthDatabase;
import io.netauth.core.testing.TestDatabases;
import io.netauth.server.testing.RawHttp;
import io.netauth.server.testing.RunningServer;
import java.net.ConnectException;
import java.net.Socket;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Start, transports, PostgreSQL, and a close that lets requests in flight finish. */
class LifecycleTest {

    @Test
    void closeLetsARequestInFlightFinishAndStopsAccepting() throws Exception {
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        try (AuthDatabase db = AuthDatabase.open(TestDatabases.h2Memory())) {
            db.userDirectory().createUser("alice", RunningServer.FAST_HASHER.hash("pw"), java.util.List.of());
            CredentialStore slow = new CredentialStore() {
                @Override
                public Optional<StoredCredential> findByUsername(String normalizedUsername) {
                    entered.countDown();
                    try {
                        release.await(10, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    return db.credentialStore().findByUsername(normalizedUsername);
                }

                @Override
                public Optional<io.netauth.core.UserAccount> findById(String userId) {
                    return db.credentialStore().findById(userId);
                }

                @Override
                public boolean replacePasswordHash(String userId, String expectedHash, String newHash) {
                    return false;
                }
            };
            try (RunningServer server = RunningServer.builder().store(slow).start(); RawHttp http = new RawHttp(server.port())) {
                int port = server.port();
                http.write(RawHttp.post("/auth", "application/json", loginBody("alice", "pw")));
                assertTrue(entered.await(10, TimeUnit.SECONDS));

                CompletableFuture<Void> closing = CompletableFuture.runAsync(() -> server.server().close());
                // The listening socket goes first: new connections are refused while the request finishes.
                assertTrue(waitUntilRefused(port), "port still accepting after close began");
                release.countDown();

                RawHttp.Response response = http.read();
                assertEquals(200, response.status(), response.body());
                closing.get(15, TimeUnit.SECONDS);
                assertTrue(http.closedByServer());
            }
        }
    }

    private static boolean waitUntilRefused(int port) throws InterruptedException {
        for (int i = 0; i < 200; i++) {
            try (Socket ignored = new Socket("127.0.0.1", port)) {
                Thread.sleep(10);
            } catch (ConnectException refused) {
                return true;
            } catch (java.io.IOException other) {
                return true;
            }
        }
        return false;
    }

    @Test
    void nioTransportServesWhenNativeIsOff() {
        try (RunningServer server = RunningServer.builder().config(b -> b.nativeTransport(false)).start()) {
            assertEquals("nio", server.server().transportName());
            server.addUser("bob", "pw");
            assertEquals(200, server.postJson("/auth", loginBody("bob", "pw")).statusCode());
        }
    }

    @Test
    void nativeTransportIsChosenOnLinux() {
        try (RunningServer server = RunningServer.start()) {
            assertEquals("epoll", server.server().transportName());
        }
    }

    @Test
    void servesLoginsFromPostgres() {
        try (TestDatabases.PostgresSchema schema = TestDatabases.postgresSchema();
                RunningServer server = RunningServer.builder().database(schema.settings()).start()) {
            server.addUser("Carol", "pw");
            assertEquals(200, server.postJson("/auth", loginBody("CAROL", "pw")).statusCode());
            assertEquals(401, server.postJson("/auth", loginBody("carol", "nope")).statusCode());
        }
    }

    @Test
    void configValuesAreValidatedWithTheirName() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> AuthServerConfig.builder().maxContentLength(10));
        assertEquals("max-body-size: '10' (expected: a whole number from 256 to 1048576)", e.getMessage());
    }

    /** A start that fails after the pools exist (here: TLS files that do not load) leaves none of their threads. */
    @Test
    void aFailedStartLeavesNoPoolThreadsBehind(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        try (AuthDatabase db = AuthDatabase.open(TestDatabases.h2Memory())) {
            AuthServer server = AuthServer.builder()
                    .config(AuthServerConfig.builder().host("127.0.0.1").port(0)
                            .tls(dir.resolve("missing-chain.pem"), dir.resolve("missing-key.pem")).build())
                    .credentialStore(db.credentialStore())
                    .passwordHasher(RunningServer.FAST_HASHER)
                    .tokens(io.netauth.core.token.JwtTokens.builder().build(db.signingKeyStore()))
                    .refreshTokenStore(db.refreshTokenStore())
                    .build();
            assertThrows(RuntimeException.class, server::start);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (poolThreads() > 0 && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertEquals(0, poolThreads(), "netauth-blocking and netauth-hashing threads were stopped");
        }
    }

    private static long poolThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive)
                .filter(t -> t.getName().startsWith("netauth-blocking") || t.getName().startsWith("netauth-hashing"))
                .count();
    }
}
