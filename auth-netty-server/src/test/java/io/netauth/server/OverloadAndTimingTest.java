package io.netauth.server;

import static io.netauth.server.LoginContractTest.json;
import static io.netauth.server.testing.RunningServer.loginBody;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netauth.core.CredentialStore;
import io.netauth.core.PasswordHasher;
import io.netauth.core.StandardPasswordHasher;
import io.netauth.core.StoredCredential;
import io.netauth.core.UserAccount;
import io.netauth.core.jdbc.AuthDatabase;
import io.netauth.core.testing.TestDatabases;
import io.netauth.server.testing.RunningServer;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Backpressure under a login flood, and the statistical check that failed logins cost the same. */
class OverloadAndTimingTest {

    @Test
    void aFullHashingQueueAnswers503AtOnceWhileVerificationKeepsAnswering() throws Exception {
        // One hashing thread, two waiting places, and a deliberately slow hash: a flood must overflow.
        StandardPasswordHasher slow = StandardPasswordHasher.argon2id(65_536, 3, 1);
        try (RunningServer s = RunningServer.builder()
                .config(b -> b.hashingThreads(1).hashingQueueCapacity(2)).hasher(slow).start()) {
            s.addUser("alice", "correct horse");
            String token = json(s.postJson("/auth", loginBody("alice", "correct horse"))).get("token").asText();

            // HTTP/1.1 only: an h2c upgrade attempt would hold the other requests until the first answers.
            HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            List<CompletableFuture<long[]>> flood = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                HttpRequest login = HttpRequest.newBuilder(s.uri("/auth")).header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(loginBody("alice", "wrong" + i))).build();
                flood.add(client.sendAsync(login, HttpResponse.BodyHandlers.ofString()).thenApply(r -> new long[] {
                        r.statusCode(), System.nanoTime(),
                        r.headers().firstValue("retry-after").map(Long::parseLong).orElse(-1L)}));
            }
            // While the hashing pool is saturated, token checks are answered: they never queue behind hashes.
            long verifiedAt = 0;
            for (int i = 0; i < 5; i++) {
                assertEquals(200, s.verify("Bearer " + token).statusCode());
                verifiedAt = System.nanoTime();
            }
            List<long[]> results = flood.stream().map(CompletableFuture::join).toList();
            long lastLogin = results.stream().mapToLong(r -> r[1]).max().orElseThrow();
            long overloaded = results.stream().filter(r -> r[0] == 503).count();
            long answered = results.stream().filter(r -> r[0] == 401).count();
            assertEquals(12, overloaded + answered, "only 401 or 503, never a 500 or a hang");
            assertTrue(overloaded >= 1, "the queue overflowed");
            assertTrue(answered >= 1, "queued logins were still served");
            assertTrue(results.stream().filter(r -> r[0] == 503).allMatch(r -> r[2] == 1), "503s carry Retry-After");
            assertTrue(verifiedAt < lastLogin, "verification finished before the flood drained");
        }
    }

    @Test
    void aFullHashingQueueRefusesLoginsBeforeTheyReachTheDatabase() throws Exception {
        CountDownLatch gate = new CountDownLatch(1);
        CountDownLatch hashing = new CountDownLatch(1);
        PasswordHasher gated = new PasswordHasher() { // the real hasher, held at a gate while the test looks
            @Override
            public String hash(String password) {
                return RunningServer.FAST_HASHER.hash(password);
            }

            @Override
            public boolean verify(String password, String encodedHash) {
                hashing.countDown();
                try {
                    gate.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return RunningServer.FAST_HASHER.verify(password, encodedHash);
            }

            @Override
            public boolean needsRehash(String encodedHash) {
                return false;
            }
        };
        AtomicInteger lookups = new AtomicInteger();
        try (AuthDatabase users = AuthDatabase.open(TestDatabases.h2Memory())) {
            users.userDirectory().createUser("alice", gated.hash("correct horse"), List.of());
            CredentialStore counted = new CredentialStore() {
                @Override
                public Optional<StoredCredential> findByUsername(String normalizedUsername) {
                    lookups.incrementAndGet();
                    return users.credentialStore().findByUsername(normalizedUsername);
                }

                @Override
                public Optional<UserAccount> findById(String userId) {
                    return users.credentialStore().findById(userId);
                }

                @Override
                public boolean replacePasswordHash(String userId, String expectedHash, String newHash) {
                    return users.credentialStore().replacePasswordHash(userId, expectedHash, newHash);
                }
            };
            try (RunningServer s = RunningServer.builder()
                    .config(b -> b.hashingThreads(1).hashingQueueCapacity(2)).hasher(gated).store(counted).start()) {
                // HTTP/1.1 only: an h2c upgrade attempt would hold the other requests until the first answers.
                HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
                HttpRequest login = HttpRequest.newBuilder(s.uri("/auth")).header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(loginBody("alice", "correct horse"))).build();
                // One login hashing (held at the gate) and then two queued behind it: the queue is full.
                List<CompletableFuture<HttpResponse<String>>> admitted = new ArrayList<>();
                admitted.add(client.sendAsync(login, HttpResponse.BodyHandlers.ofString()));
                assertTrue(hashing.await(10, TimeUnit.SECONDS));
                for (int i = 0; i < 2; i++) {
                    admitted.add(client.sendAsync(login, HttpResponse.BodyHandlers.ofString()));
                }
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                while (!s.send(HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:"
                        + s.server().managementPort() + "/metrics")).build()).body()
                        .contains("netauth_executor_queue{executor=\"hashing\"} 2.0")) {
                    assertTrue(System.nanoTime() < deadline, "the hashing queue never filled");
                    Thread.sleep(10);
                }
                assertEquals(3, lookups.get());

                for (int i = 0; i < 5; i++) {
                    HttpResponse<String> refused = s.send(login);
                    assertEquals(503, refused.statusCode());
                    assertEquals("overloaded", json(refused).get("error").asText());
                }
                assertEquals(3, lookups.get(), "refused logins never looked the user up");

                gate.countDown();
                for (CompletableFuture<HttpResponse<String>> done : admitted) {
                    assertEquals(200, done.get(10, TimeUnit.SECONDS).statusCode());
                }
            } finally {
                gate.countDown();
            }
        }
    }

    /** The JSON login and the sign-in form take one path through the core, and are measured alike. */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"POST /auth", "POST /login"})
    void unknownUserWrongPasswordAndDisabledAccountTakeTheSameTime(String endpoint) throws Exception {
        // Real cost: the default argon2id policy, so that a skipped hash would stand out by ~30 ms.
        try (RunningServer s = RunningServer.builder().hasher(StandardPasswordHasher.owaspDefaults()).start()) {
            s.addUser("present", "correct horse");
            s.addUser("disabled", "correct horse");
            s.database().userDirectory().setEnabled("disabled", false);
            String[][] cases = {{"absent", "correct horse"}, {"present", "wrong horse"}, {"disabled", "correct horse"}};
            java.util.function.BiFunction<String, String, Integer> login;
            if (endpoint.equals("POST /auth")) {
                login = (user, password) -> s.postJson("/auth", loginBody(user, password)).statusCode();
            } else {
                BrowserSignInTest.Browser browser = new BrowserSignInTest.Browser(s);
                String csrf = BrowserSignInTest.csrf(browser.get("/login"));
                login = (user, password) -> browser.post("/login", "username", user, "password", password, "csrf",
                        csrf).statusCode();
            }
            for (String[] c : cases) { // warm up every path
                login.apply(c[0], c[1]);
            }
            System.gc(); // start from a settled heap
            int rounds = 30;
            double[][] millis = new double[cases.length][rounds];
            for (int round = 0; round < rounds; round++) {
                for (int c = 0; c < cases.length; c++) { // interleaved, so drift hits every case alike
                    long start = System.nanoTime();
                    assertEquals(401, login.apply(cases[c][0], cases[c][1]), endpoint);
                    millis[c][round] = (System.nanoTime() - start) / 1e6;
                }
            }
            double[] medians = Arrays.stream(millis).mapToDouble(OverloadAndTimingTest::median).toArray();
            double slowest = Arrays.stream(medians).max().orElseThrow();
            double fastest = Arrays.stream(medians).min().orElseThrow();
            // Within the noise of the hash on a shared 2-core machine: 30% of the slowest median, at least
            // 10 ms. A skipped hash would be ~95% faster.
            assertTrue(slowest - fastest <= Math.max(10, 0.3 * slowest),
                    endpoint + ": median login times separate (unknown, wrong, disabled): "
                            + Arrays.toString(medians));
            assertTrue(fastest > 5, "every case paid for a hash: " + Arrays.toString(medians));
        }
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return (sorted[sorted.length / 2] + sorted[(sorted.length - 1) / 2]) / 2;
    }
}
