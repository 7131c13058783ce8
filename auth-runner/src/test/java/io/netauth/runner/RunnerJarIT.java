package io.netauth.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.auth0.jwt.JWT;
import com.auth0.jwt.algorithms.Algorithm;
import com.auth0.jwt.interfaces.DecodedJWT;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netauth.core.jdbc.AuthDatabase;
import io.netauth.core.jdbc.JdbcSettings;
import io.netauth.core.secret.SecretKeys;
import io.netauth.core.testing.TestDatabases;
import io.netauth.core.token.SigningAlgorithm;
import io.netauth.core.token.SigningKey;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The executable jar as a user runs it: real processes, real files, real HTTP, SIGTERM to stop. */
class RunnerJarIT {

    private static int runCli(String stdin, String... args) throws Exception {
        return RunnerProcess.cli(stdin, List.of(args));
    }

    private static HttpResponse<String> login(int port, String user, String password) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/auth"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(
                                "{\"username\":\"" + user + "\",\"password\":\"" + password + "\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** log-format=json: every line of a real run is one JSON object; an audit event's fields are fields. */
    @Test
    void jsonLogsAreOneObjectPerLineWithTheAuditFields(@TempDir Path dir) throws Exception {
        String dataDir = dir.resolve("data").toString();
        assertEquals(0, runCli("correct horse battery\n", "users", "add", "jo", "--password-stdin", "--data-dir",
                dataDir));
        try (RunnerProcess server = new RunnerProcess(List.of("--port", "0", "--host", "127.0.0.1", "--data-dir",
                dataDir, "--log-format", "json"))) {
            int port = server.awaitPort();
            assertEquals(200, login(port, "jo", "correct horse battery").statusCode());
            assertEquals(401, login(port, "jo", "wrong horse battery").statusCode());
            ObjectMapper mapper = new ObjectMapper();
            com.fasterxml.jackson.databind.JsonNode success = null;
            long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
            while (success == null && System.nanoTime() < deadline) {
                for (String line : server.output().split("\n")) {
                    if (!line.startsWith("{")) {
                        continue; // the JVM's own warnings, if any, are not the log's
                    }
                    com.fasterxml.jackson.databind.JsonNode event = mapper.readTree(line);
                    for (String field : List.of("timestamp", "level", "loggerName", "threadName", "formattedMessage")) {
                        assertTrue(event.has(field), field + " in " + line);
                    }
                    if ("netauth.audit".equals(event.get("loggerName").asText()) && line.contains("\"success\"")) {
                        success = event;
                    }
                }
                Thread.sleep(100);
            }
            assertTrue(success != null, server.output());
            java.util.Map<String, String> fields = new java.util.HashMap<>();
            success.get("kvpList").forEach(pair -> pair.fields().forEachRemaining(f -> fields.put(f.getKey(),
                    f.getValue().asText())));
            assertEquals("login", fields.get("event"));
            assertEquals("success", fields.get("outcome"));
            assertEquals("jo", fields.get("user"), "the name without the text line's quotes");
            assertEquals("127.0.0.1", fields.get("client"));
            long lines = java.util.Arrays.stream(server.output().split("\n")).filter(l -> l.startsWith("{")).count();
            assertTrue(lines >= 3, "the start, the two logins: " + server.output());
        }
    }

    @Test
    void theJarServesH2WhileTheCliChangesUsersAndStopsCleanlyOnSigterm(@TempDir Path dir) throws Exception {
        String dataDir = dir.resolve("data").toString();
        try (RunnerProcess server = new RunnerProcess(List.of("--port", "0", "--host", "127.0.0.1", "--data-dir", dataDir))) {
            int port = server.awaitPort();

            // The CLI works on the same H2 files while the server has them open.
            assertEquals(0, runCli("correct horse battery\n", "users", "add", "Alice", "--roles", "admin",
                    "--password-stdin", "--data-dir", dataDir));
            // The password policy applies to the CLI: a common breached password is refused with exit code 2.
            assertEquals(2, runCli("password1\n", "users", "add", "weak", "--password-stdin", "--data-dir", dataDir));
            HttpResponse<String> ok = login(port, "alice", "correct horse battery");
            assertEquals(200, ok.statusCode(), ok.body());
            String token = new ObjectMapper().readTree(ok.body()).get("token").asText();

            // The token verifies with the public key stored in the database.
            // The token verifies with the public key stored in the database (its private key is sealed; the runner
            // made the key that seals it beside the database).
            try (AuthDatabase db = AuthDatabase.open(JdbcSettings.h2File(Path.of(dataDir)), SecretKeys.parse(
                    java.nio.file.Files.readString(Path.of(dataDir, "secrets.key"))))) {
                SigningKey key = db.signingKeyStore().findByAlgorithm(SigningAlgorithm.RS256).get(0);
                RSAPublicKey publicKey = (RSAPublicKey) KeyFactory.getInstance("RSA")
                        .generatePublic(new X509EncodedKeySpec(key.publicKey()));
                DecodedJWT jwt = JWT.require(Algorithm.RSA256(publicKey, null)).withIssuer("http://localhost:8080").build()
                        .verify(token);
                assertEquals("Alice", jwt.getClaim("preferred_username").asString());
                assertEquals(List.of("admin"), jwt.getClaim("roles").asList(String.class));
            }

            HttpResponse<String> metrics = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    server.managementUri("/metrics")).build(), HttpResponse.BodyHandlers.ofString());
            assertTrue(metrics.body().contains("netauth_logins_total{outcome=\"success\"} 1.0"), metrics.body());
            assertTrue(metrics.body().contains("hikaricp_connections_active{pool=\"netauth-db\"}"),
                    "the connection pool's metrics are there too");
            HttpResponse<String> ready = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    server.managementUri("/health/ready")).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, ready.statusCode(), ready.body());
            assertTrue(ready.body().contains("\"database\":\"UP\""), ready.body());

            assertEquals(0, runCli(null, "users", "disable", "alice", "--yes", "--data-dir", dataDir));
            assertEquals(401, login(port, "alice", "correct horse battery").statusCode());
            assertEquals(0, runCli(null, "users", "enable", "ALICE", "--data-dir", dataDir));
            assertEquals(0, runCli("a new passphrase\n", "users", "passwd", "alice", "--password-stdin",
                    "--data-dir", dataDir));
            assertEquals(401, login(port, "alice", "correct horse battery").statusCode());
            assertEquals(200, login(port, "alice", "a new passphrase").statusCode());

            // SIGTERM through the handle: Process.destroy() would also close the pipe we read the log from.
            server.process.toHandle().destroy();
            int exit = server.awaitExit();
            String output = server.output();
            assertEquals(143, exit, output);
            assertTrue(output.contains("netauth stopped"), output);
            assertFalse(output.contains("correct horse battery"), "no password in the server log");
            assertFalse(output.contains(token), "no token in the server log");
            assertTrue(output.contains("database H2"), output);
        }
    }

    @Test
    void theJarServesPostgres() throws Exception {
        try (TestDatabases.PostgresSchema schema = TestDatabases.postgresSchema()) {
            String url = schema.settings().url();
            // Without a key-encryption key, a start on PostgreSQL is refused, and says how to make one.
            RunnerProcess.Cli refused = RunnerProcess.run(null, List.of("--port", "0", "--db-url", url, "--db-user",
                    TestDatabases.POSTGRES_USER));
            assertEquals(2, refused.exit(), refused.output());
            assertTrue(refused.output().contains("keys generate-secrets-key"), refused.output());
            try (RunnerProcess server = new RunnerProcess(List.of("--port", "0", "--host", "127.0.0.1", "--db-url", url,
                    "--db-user", TestDatabases.POSTGRES_USER, "--signing-alg", "ES256", "--secrets-keys",
                    SecretKeys.generateKey()))) {
                int port = server.awaitPort();
                assertTrue(server.output().contains("database PostgreSQL"), server.output());
                assertEquals(0, runCli("long enough pw\n", "users", "add", "bob", "--password-stdin",
                        "--db-url", url, "--db-user", TestDatabases.POSTGRES_USER));
                HttpResponse<String> ok = login(port, "bob", "long enough pw");
                assertEquals(200, ok.statusCode(), ok.body());
                assertEquals("ES256", JWT.decode(new ObjectMapper().readTree(ok.body()).get("token").asText())
                        .getAlgorithm());
            }
        }
    }

    /**
     * Secrets at rest through the jar: the first start makes secrets.key (0600) and seals the signing key; a wrong
     * key stops the start with a clear error; a new key, rewrap, the old key dropped, and a restart keep every
     * issued token valid.
     */
    @Test
    void signingKeysAreSealedAndSurviveRotateRewrapDropAndRestart(@TempDir Path dir) throws Exception {
        String dataDir = dir.resolve("data").toString();
        Path keyFile = Path.of(dataDir, "secrets.key");
        String token;
        try (RunnerProcess server = new RunnerProcess(List.of("--port", "0", "--host", "127.0.0.1", "--data-dir",
                dataDir))) {
            int port = server.awaitPort();
            assertTrue(server.output().contains("Made the key-encryption key file"), server.output());
            assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(
                    java.nio.file.Files.getPosixFilePermissions(keyFile)));
            assertEquals(0, runCli("correct horse battery\n", "users", "add", "erin", "--password-stdin",
                    "--data-dir", dataDir));
            token = new ObjectMapper().readTree(login(port, "erin", "correct horse battery").body()).get("token")
                    .asText();
        }
        // The raw table holds sealed text, no key material.
        try (AuthDatabase db = AuthDatabase.open(JdbcSettings.h2File(Path.of(dataDir)));
                java.sql.Connection c = db.dataSource().getConnection();
                java.sql.ResultSet r = c.createStatement().executeQuery("SELECT private_key FROM auth_signing_keys")) {
            assertTrue(r.next());
            assertTrue(r.getString(1).startsWith("v1:"), "sealed");
        }
        // A wrong key: a clear error, no server.
        RunnerProcess.Cli wrong = RunnerProcess.run(null, List.of("--port", "0", "--data-dir", dataDir,
                "--secrets-keys", SecretKeys.generateKey()));
        assertEquals(2, wrong.exit(), wrong.output());
        assertTrue(wrong.output().contains("error: secrets-keys:"), wrong.output());
        assertFalse(wrong.output().contains("netauth ready"), wrong.output());

        // Rotate: a new key first, the old one after it; rewrap; drop the old key; restart.
        String oldKey = java.nio.file.Files.readAllLines(keyFile).stream().filter(l -> !l.startsWith("#"))
                .findFirst().orElseThrow();
        RunnerProcess.Cli generated = RunnerProcess.run(null, List.of("keys", "generate-secrets-key"));
        String newKey = generated.output().strip();
        assertTrue(SecretKeys.looksLikeKeys(newKey), generated.output());
        RunnerProcess.Cli rewrapped = RunnerProcess.run(null, List.of("keys", "rewrap", "--data-dir", dataDir,
                "--secrets-keys", newKey + "," + oldKey));
        assertEquals(0, rewrapped.exit(), rewrapped.output());
        assertTrue(rewrapped.output().contains("rewrapped 1 secrets under key "), rewrapped.output());
        try (RunnerProcess server = new RunnerProcess(List.of("--port", "0", "--host", "127.0.0.1", "--data-dir",
                dataDir, "--secrets-keys", newKey))) {
            int port = server.awaitPort();
            HttpResponse<String> verified = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + port + "/auth/verify")).header("Authorization", "Bearer " + token)
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, verified.statusCode(), "a token signed before the rotation still verifies");
            assertEquals(200, login(port, "erin", "correct horse battery").statusCode());
        }
        RunnerProcess.Cli oldOnly = RunnerProcess.run(null, List.of("keys", "list", "--data-dir", dataDir,
                "--secrets-keys", oldKey));
        assertEquals(2, oldOnly.exit(), "the dropped key opens nothing any more: " + oldOnly.output());
    }

    @Test
    void aKeyRotatedByTheCliIsUsedByTheRunningServerWithoutRestart(@TempDir Path dir) throws Exception {
        String dataDir = dir.resolve("data").toString();
        try (RunnerProcess server = new RunnerProcess(List.of("--port", "0", "--host", "127.0.0.1", "--data-dir", dataDir,
                "--key-reload-interval", "1s"))) {
            int port = server.awaitPort();
            assertEquals(0, runCli("correct horse battery\n", "users", "add", "dan", "--password-stdin",
                    "--data-dir", dataDir));
            String before = new ObjectMapper().readTree(login(port, "dan", "correct horse battery").body())
                    .get("token").asText();
            assertEquals(0, runCli(null, "keys", "rotate", "--data-dir", dataDir, "--key-reload-interval", "1s"));

            String after = before;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
            while (JWT.decode(after).getKeyId().equals(JWT.decode(before).getKeyId())
                    && System.nanoTime() < deadline) {
                Thread.sleep(250);
                after = new ObjectMapper().readTree(login(port, "dan", "correct horse battery").body())
                        .get("token").asText();
            }
            assertTrue(!JWT.decode(after).getKeyId().equals(JWT.decode(before).getKeyId()),
                    "the server did not pick up the rotated key: " + server.output());
            for (String token : List.of(before, after)) {
                HttpResponse<String> verified = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                                URI.create("http://127.0.0.1:" + port + "/auth/verify"))
                        .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString());
                assertEquals(200, verified.statusCode(), verified.body());
            }
        }
    }

    @Test
    void aBadSettingStopsTheStartWithAMessage(@TempDir Path dir) throws Exception {
        try (RunnerProcess server = new RunnerProcess(List.of("--port", "0", "--data-dir", dir.toString(),
                "--token-ttl", "forever"))) {
            assertEquals(2, server.awaitExit());
            assertTrue(server.output().contains("error: token-ttl: 'forever'"), server.output());
        }
    }
}
