package io.netauth.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.auth0.jwt.JWT;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netauth.core.testing.TestDatabases;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Acknowledged means durable: after each kind of write is answered (an HTTP 2xx or 4xx that records
 * something, a CLI exit 0), the runner is killed with SIGKILL at once, started again on the same data, and the
 * write must be there. On the embedded H2 default and on PostgreSQL.
 */
class CrashDurabilityIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** The key-encryption key of the PostgreSQL runs: a database other than the H2 default needs one given. */
    private static final String SECRETS_KEY = io.netauth.core.secret.SecretKeys.generateKey();

    @TempDir
    Path dir;
    private TestDatabases.PostgresSchema schema;

    @AfterEach
    void dropSchema() {
        if (schema != null) {
            schema.close();
        }
    }

    static Stream<Arguments> databases() {
        return Stream.of(Arguments.of("H2"), Arguments.of("PostgreSQL"));
    }

    /** The database flags of one run: H2 files in the test's directory, or a fresh PostgreSQL schema. */
    private List<String> databaseFlags(String database) {
        if (database.equals("H2")) {
            return List.of("--data-dir", dir.resolve("data").toString());
        }
        if (schema == null) {
            schema = TestDatabases.postgresSchema();
        }
        return List.of("--db-url", schema.settings().url(), "--db-user", TestDatabases.POSTGRES_USER,
                "--secrets-keys", SECRETS_KEY);
    }

    private RunnerProcess start(List<String> db) throws Exception {
        List<String> args = new ArrayList<>(List.of("--port", "0", "--host", "127.0.0.1", "--admin-api", "true",
                "--throttle-store", "database", "--throttle-account-free", "2", "--throttle-account-base-delay", "10m",
                // Every test here logs in from 127.0.0.1 many times; only the account throttle is under test.
                "--throttle-client-free", "1000000"));
        args.addAll(db);
        RunnerProcess server = new RunnerProcess(args);
        server.awaitPort();
        return server;
    }

    private static RunnerProcess.Cli cli(List<String> db, String stdin, String... command) throws Exception {
        List<String> args = new ArrayList<>(List.of(command));
        args.addAll(db);
        return RunnerProcess.run(stdin, args);
    }

    private static JsonNode json(HttpResponse<String> response) throws Exception {
        return JSON.readTree(response.body());
    }

    private static HttpResponse<String> refresh(RunnerProcess s, String token) throws Exception {
        return s.post("/auth/refresh", "{\"refresh_token\":\"" + token + "\"}");
    }

    /** One acknowledged write, done on a server that is killed right after, and checked on the next one. */
    private interface Write {
        void perform(RunnerProcess server) throws Exception;

        void check(RunnerProcess server) throws Exception;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void everyKindOfAcknowledgedWriteSurvivesSigkill(String database) throws Exception {
        List<String> db = databaseFlags(database);
        for (String[] user : new String[][] {{"alice", "--roles", "admin"}, {"bob"}, {"carol"}}) {
            List<String> add = new ArrayList<>(List.of("users", "add"));
            add.addAll(List.of(user));
            add.add("--password-stdin");
            assertEquals(0, cli(db, "first password\n", add.toArray(String[]::new)).exit());
        }
        String[] tokens = new String[3];
        List<Write> writes = List.of(
                new Write() { // users passwd: the CLI's exit 0 is the acknowledgement
                    public void perform(RunnerProcess s) throws Exception {
                        assertEquals(0, cli(db, "second password\n", "users", "passwd", "alice", "--password-stdin")
                                .exit());
                    }

                    public void check(RunnerProcess s) throws Exception {
                        assertEquals(200, s.login("alice", "second password").statusCode(), "the new password");
                        assertEquals(401, s.login("alice", "first password").statusCode(), "not the old one");
                    }
                },
                new Write() { // users disable
                    public void perform(RunnerProcess s) throws Exception {
                        assertEquals(0, cli(db, null, "users", "disable", "bob").exit());
                    }

                    public void check(RunnerProcess s) throws Exception {
                        assertEquals(401, s.login("bob", "first password").statusCode(), "bob stays disabled");
                    }
                },
                new Write() { // a refresh: the old token spent, the new one issued
                    public void perform(RunnerProcess s) throws Exception {
                        tokens[0] = json(s.login("carol", "first password")).get("refresh_token").asText();
                        HttpResponse<String> rotated = refresh(s, tokens[0]);
                        assertEquals(200, rotated.statusCode(), rotated.body());
                        tokens[1] = json(rotated).get("refresh_token").asText();
                    }

                    public void check(RunnerProcess s) throws Exception {
                        assertEquals(200, refresh(s, tokens[1]).statusCode(), "the newest token still works");
                        assertEquals(401, refresh(s, tokens[0]).statusCode(), "the spent one stays spent");
                    }
                },
                new Write() { // logout
                    public void perform(RunnerProcess s) throws Exception {
                        tokens[2] = json(s.login("carol", "first password")).get("refresh_token").asText();
                        assertEquals(204, s.post("/auth/logout", "{\"refresh_token\":\"" + tokens[2] + "\"}")
                                .statusCode());
                    }

                    public void check(RunnerProcess s) throws Exception {
                        assertEquals(401, refresh(s, tokens[2]).statusCode(), "a logged-out session stays ended");
                    }
                },
                new Write() { // the admin API
                    public void perform(RunnerProcess s) throws Exception {
                        String admin = json(s.login("alice", "second password")).get("token").asText();
                        HttpResponse<String> changed = s.send(HttpRequest.newBuilder(s.uri("/admin/users/carol/roles"))
                                .header("Authorization", "Bearer " + admin).header("Content-Type", "application/json")
                                .PUT(HttpRequest.BodyPublishers.ofString("{\"roles\":[\"ops\"]}")));
                        assertEquals(204, changed.statusCode(), changed.body());
                    }

                    public void check(RunnerProcess s) throws Exception {
                        String token = json(s.login("carol", "first password")).get("token").asText();
                        assertEquals(List.of("ops"), JWT.decode(token).getClaim("roles").asList(String.class));
                    }
                },
                new Write() { // key rotation
                    public void perform(RunnerProcess s) throws Exception {
                        assertEquals(0, cli(db, null, "keys", "rotate").exit());
                    }

                    public void check(RunnerProcess s) throws Exception {
                        String keys = cli(db, null, "keys", "list").output();
                        assertEquals(2, keys.lines().filter(l -> l.contains("RS256")).count(), keys);
                    }
                },
                new Write() { // guesses counted in the database throttle (two are free)
                    public void perform(RunnerProcess s) throws Exception {
                        for (int i = 0; i < 2; i++) {
                            assertEquals(401, s.login("eve", "guess " + i).statusCode());
                        }
                    }

                    public void check(RunnerProcess s) throws Exception {
                        assertEquals(429, s.login("eve", "guess 2").statusCode(), "eve's guesses were kept");
                    }
                });
        for (Write write : writes) {
            try (RunnerProcess server = start(db)) {
                write.perform(server);
                server.kill();
            }
            try (RunnerProcess server = start(db)) {
                write.check(server);
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void aStaleLockLeftByAKilledProcessStopsNeitherTheServerNorTheCli(String database) throws Exception {
        List<String> db = databaseFlags(database);
        try (RunnerProcess server = start(db)) {
            server.kill();
        }
        if (database.equals("H2")) {
            assertTrue(Files.exists(dir.resolve("data").resolve("netauth.lock.db")), "the killed process left its lock");
        }
        assertEquals(0, cli(db, "first password\n", "users", "add", "dora", "--password-stdin").exit(),
                "the CLI opens the database a killed server left");
        try (RunnerProcess server = start(db)) {
            assertEquals(200, server.login("dora", "first password").statusCode());
        }
    }

    /** One client of a refresh storm: every refresh token it was answered, in order. */
    private static final class RefreshingClient implements Runnable {
        final List<String> acknowledged = new ArrayList<>();
        private final RunnerProcess server;
        /** The body of the first refusal, after which the client stops; {@code null} while none. */
        volatile String refusal;

        RefreshingClient(RunnerProcess server, String first) {
            this.server = server;
            acknowledged.add(first);
        }

        @Override
        public void run() {
            while (refusal == null) {
                try {
                    HttpResponse<String> answer = refresh(server, newest());
                    if (answer.statusCode() != 200) {
                        refusal = answer.statusCode() + " " + answer.body();
                        return;
                    }
                    String next = json(answer).get("refresh_token").asText();
                    synchronized (this) {
                        acknowledged.add(next);
                    }
                } catch (java.io.IOException e) {
                    return; // the server was killed: this request was never answered
                } catch (Exception e) {
                    throw new AssertionError(e);
                }
            }
        }

        synchronized String newest() {
            return acknowledged.get(acknowledged.size() - 1);
        }

        synchronized List<String> older() {
            return List.copyOf(acknowledged.subList(0, acknowledged.size() - 1));
        }
    }

    /**
     * Kills the server in the middle of a refresh storm. Each client's newest acknowledged refresh token must still
     * be there, unspent, unless the one request the client had in flight at the kill spent it (then its successor,
     * which the client never saw, is in the database instead); every older token must be spent. Checked in the
     * database first, since presenting a spent token after the reuse grace would revoke the family.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void aRefreshStormCutBySigkillKeepsEveryAcknowledgedRotation(String database) throws Exception {
        List<String> db = databaseFlags(database);
        assertEquals(0, cli(db, "first password\n", "users", "add", "storm", "--password-stdin").exit());
        List<RefreshingClient> clients = new ArrayList<>();
        try (RunnerProcess server = start(db)) {
            List<Thread> threads = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                RefreshingClient client = new RefreshingClient(server,
                        json(server.login("storm", "first password")).get("refresh_token").asText());
                clients.add(client);
                Thread thread = new Thread(client);
                thread.start();
                threads.add(thread);
            }
            Thread.sleep(3000);
            server.kill();
            for (Thread thread : threads) {
                thread.join(10_000);
            }
        }
        for (RefreshingClient client : clients) {
            assertEquals(null, client.refusal, "no refresh was refused during the storm");
        }
        int rotations = clients.stream().mapToInt(c -> c.acknowledged.size() - 1).sum();
        assertTrue(rotations > 50, "the storm refreshed " + rotations + " times");
        try (RunnerProcess server = start(db);
                io.netauth.core.jdbc.AuthDatabase data = io.netauth.core.jdbc.AuthDatabase.open(jdbc(database))) {
            for (RefreshingClient client : clients) {
                for (String older : client.older()) {
                    assertTrue(data.refreshTokenStore().find(digest(older)).orElseThrow().spentAt() != null,
                            "an older token is spent");
                }
                var newest = data.refreshTokenStore().find(digest(client.newest())).orElseThrow(
                        () -> new AssertionError("the newest acknowledged token is gone"));
                assertTrue(newest.revokedAt() == null, "the newest acknowledged token's family is not revoked");
                if (newest.spentAt() == null) {
                    assertEquals(200, refresh(server, client.newest()).statusCode(), "and it refreshes");
                }
            }
        }
    }

    /**
     * Twenty kills in a row, each in the middle of a write-heavy load: refresh storms, logins, and a password
     * change by the CLI. Every restart must open the database as it is (no repair step exists), and every
     * acknowledged write of the rounds before must be there: the newest password works, and each storm
     * client's newest token is unspent or spent only by the one request in flight at the kill.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void twentyKillsInTheMiddleOfWritesLoseNothingAcknowledged(String database) throws Exception {
        List<String> db = databaseFlags(database);
        assertEquals(0, cli(db, "password 0\n", "users", "add", "loop", "--password-stdin").exit());
        String password = "password 0";
        List<RefreshingClient> previous = List.of();
        for (int round = 1; round <= 20; round++) {
            try (RunnerProcess server = start(db)) {
                assertEquals(200, server.login("loop", password).statusCode(),
                        "round " + round + ": the password acknowledged last is the one that works");
                assertNewestTokensKept(database, server, previous);
                List<RefreshingClient> clients = new ArrayList<>();
                List<Thread> threads = new ArrayList<>();
                for (int i = 0; i < 4; i++) {
                    RefreshingClient client = new RefreshingClient(server,
                            json(server.login("loop", password)).get("refresh_token").asText());
                    clients.add(client);
                    Thread thread = new Thread(client);
                    thread.start();
                    threads.add(thread);
                }
                String next = "password " + round;
                assertEquals(0, cli(db, next + "\n", "users", "passwd", "loop", "--password-stdin").exit());
                password = next; // acknowledged: from here on it must survive
                server.kill();
                for (Thread thread : threads) {
                    thread.join(10_000);
                }
                previous = clients;
            }
        }
    }

    /** The storm's promise, checked in the database first (a spent token presented late would revoke its family). */
    private void assertNewestTokensKept(String database, RunnerProcess server, List<RefreshingClient> clients)
            throws Exception {
        if (clients.isEmpty()) {
            return;
        }
        try (io.netauth.core.jdbc.AuthDatabase data = io.netauth.core.jdbc.AuthDatabase.open(jdbc(database))) {
            for (RefreshingClient client : clients) {
                for (String older : client.older()) {
                    assertTrue(data.refreshTokenStore().find(digest(older)).map(t -> t.spentAt() != null
                            || t.revokedAt() != null).orElse(true), "an older token stays spent");
                }
                // A password change revokes the user's sessions: the newest token must be there, revoked or not.
                assertTrue(data.refreshTokenStore().find(digest(client.newest())).isPresent(),
                        "the newest acknowledged token is in the database");
            }
        }
    }

    private io.netauth.core.jdbc.JdbcSettings jdbc(String database) {
        return database.equals("H2") ? io.netauth.core.jdbc.JdbcSettings.h2File(dir.resolve("data"))
                : schema.settings();
    }

    private static String digest(String token) throws Exception {
        byte[] hash = java.security.MessageDigest.getInstance("SHA-256")
                .digest(token.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        return java.util.HexFormat.of().formatHex(hash);
    }
}
