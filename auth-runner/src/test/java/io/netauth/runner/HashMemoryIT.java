package io.netauth.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netauth.core.StandardPasswordHasher;
import io.netauth.core.config.CoreSettings;
import io.netauth.core.config.Settings;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Imported password hashes of real systems' parameters against the distribution's launcher and its 112 MiB heap:
 * PHP's password_hash default (argon2id m=65536, t=4) and libsodium's crypto_pwhash MODERATE (m=262144, t=3).
 */
class HashMemoryIT {

    private static final Path LAUNCHER = Path.of(System.getProperty("netauth.unpacked", "target/netauth"),
            "bin", "netauth");
    /** Well-formed hashes no password matches: a wrong password costs what a real one does. */
    private static final String PHP_DEFAULT =
            "$argon2id$v=19$m=65536,t=4,p=1$c29tZXNhbHRzb21lc2FsdA$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc";
    private static final String SODIUM_MODERATE =
            "$argon2id$v=19$m=262144,t=3,p=1$c29tZXNhbHRzb21lc2FsdA$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc";

    @Test
    void importedPhpAndLibsodiumHashesNeverTakeTheServerDown(@TempDir Path dir) throws Exception {
        String data = dir.resolve("data").toString();
        // A real PHP-default hash for the one login that must succeed after the flood.
        String phpReal = StandardPasswordHasher.from(Settings.builder().set(CoreSettings.ARGON2_MEMORY_KIB, 65_536)
                .set(CoreSettings.ARGON2_ITERATIONS, 4).build()).hash("php password");
        Path csv = Files.writeString(dir.resolve("users.csv"), "php," + PHP_DEFAULT + "\nsodium," + SODIUM_MODERATE
                + "\nphp2," + phpReal + "\n");

        // At the defaults, MODERATE's 256 MiB could never be verified in the launcher's heap: refused at import,
        // with its line, and nothing of the file is imported.
        Map<String, String> defaults = Map.of("AUTH_DATA_DIR", data, "JAVA_HOME", System.getProperty("java.home"));
        Run refused = launch(defaults, "users", "import", csv.toString());
        assertEquals(2, refused.exit, refused.output);
        assertTrue(refused.output.contains("line 2: argon2 memory 262144 KiB is above hash-max-memory-kib (65536)"),
                refused.output);
        Run none = launch(defaults, "users", "list");
        assertTrue(!none.output.contains("php") && !none.output.contains("sodium"), none.output);

        // An operator who takes such hashes raises the ceiling and the heap; the budget (60% of it) bounds them.
        Map<String, String> raised = new TreeMap<>(defaults);
        raised.put("AUTH_HASH_MAX_MEMORY_KIB", "262144");
        raised.put("AUTH_THROTTLE_CLIENT_FREE", "1000");
        raised.put("NETAUTH_JAVA_OPTS", "-Xmx512m");
        try (RunnerProcess server = new RunnerProcess(List.of(LAUNCHER.toString(), "--host", "127.0.0.1",
                "--port", "0"), raised)) {
            server.awaitPort();
            Run imported = launch(raised, "users", "import", csv.toString());
            assertEquals(0, imported.exit, imported.output);

            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
            List<CompletableFuture<HttpResponse<String>>> logins = new ArrayList<>();
            for (int i = 0; i < 24; i++) {
                String user = i % 2 == 0 ? "php" : "sodium";
                logins.add(http.sendAsync(HttpRequest.newBuilder(server.uri("/auth"))
                        .header("Content-Type", "application/json").timeout(Duration.ofSeconds(120))
                        .POST(HttpRequest.BodyPublishers.ofString("{\"username\":\"" + user
                                + "\",\"password\":\"wrong " + i + "\"}")).build(), HttpResponse.BodyHandlers.ofString()));
            }
            // Health answers while the hashes run.
            while (!CompletableFuture.allOf(logins.toArray(CompletableFuture[]::new)).isDone()) {
                HttpResponse<String> live = server.send(HttpRequest.newBuilder(server.uri("/health/live"))
                        .timeout(Duration.ofSeconds(10)));
                assertEquals(200, live.statusCode(), live.body());
                Thread.sleep(200);
            }
            List<Integer> statuses = new ArrayList<>();
            for (CompletableFuture<HttpResponse<String>> login : logins) {
                statuses.add(login.get().statusCode());
            }
            assertTrue(Set.of(401, 429, 503).containsAll(statuses), "no server error: " + statuses);
            assertTrue(statuses.contains(401), "some were checked: " + statuses);

            HttpResponse<String> ok = server.login("php2", "php password");
            assertEquals(200, ok.statusCode(), ok.body());
            assertTrue(server.process.isAlive());
            // The audit log kept writing: a line for each attempt, and the success after them.
            long audited = server.output().lines().filter(l -> l.contains("login outcome=")).count();
            assertTrue(audited >= logins.size() + 1, audited + " audit lines:\n" + server.output());
            assertTrue(server.output().contains("login outcome=success user=\"php2\""), server.output());
        }
    }

    @Test
    void anOutOfMemoryErrorEndsTheProcessForItsSupervisorToRestart(@TempDir Path dir) throws Exception {
        // Every limit lifted, so that one verification of a 1 GiB hash meets the 112 MiB heap.
        Map<String, String> env = Map.of("AUTH_DATA_DIR", dir.resolve("data").toString(),
                "JAVA_HOME", System.getProperty("java.home"), "AUTH_HASH_MAX_MEMORY_KIB", "1048576",
                "AUTH_HASH_MEMORY_BUDGET_KIB", "4000000");
        Path csv = Files.writeString(dir.resolve("users.csv"), "huge,$argon2id$v=19$m=1048576,t=1,p=1$"
                + "c29tZXNhbHRzb21lc2FsdA$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc\n");
        assertEquals(0, launch(env, "users", "import", csv.toString()).exit);
        try (RunnerProcess server = new RunnerProcess(List.of(LAUNCHER.toString(), "--host", "127.0.0.1",
                "--port", "0"), env)) {
            server.awaitPort();
            try {
                server.login("huge", "anything");
            } catch (java.io.IOException closed) {
                // the process went away mid-request: what the test expects
            }
            assertTrue(server.process.waitFor(60, TimeUnit.SECONDS), "the process ended:\n" + server.output());
            assertEquals(3, server.process.exitValue(), server.output());
            assertTrue(server.output().contains("Terminating due to java.lang.OutOfMemoryError"), server.output());
        }
    }

    private record Run(int exit, String output) {
    }

    private static Run launch(Map<String, String> env, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(LAUNCHER.toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().remove("NETAUTH_JAVA_OPTS");
        builder.environment().putAll(env);
        Process process = builder.start();
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(120, TimeUnit.SECONDS), output);
        return new Run(process.exitValue(), output);
    }
}
