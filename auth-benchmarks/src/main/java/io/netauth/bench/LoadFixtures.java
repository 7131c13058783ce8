package io.netauth.bench;

import io.netauth.core.StandardPasswordHasher;
import io.netauth.core.UserAccount;
import io.netauth.core.jdbc.AuthDatabase;
import io.netauth.core.jdbc.JdbcSettings;
import io.netauth.core.token.JwtTokens;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Prepares and measures for the load benchmark, run by {@code auth-benchmarks/load/run.sh}:
 * <ul>
 *   <li>{@code hash-time N}: the single-thread time of one default argon2id verification, after a warm-up;</li>
 *   <li>{@code users DATA_DIR N CSV}: N users {@code user1..userN} with password {@code password-<i>}, hashed
 *       with the default policy, written as a {@code users import} file;</li>
 *   <li>{@code tokens DATA_DIR N FILE}: N distinct access tokens signed with the database's active key (the
 *       server's own, through H2's AUTO_SERVER while it runs), one per line, for the cache-miss scenario.</li>
 * </ul>
 */
public final class LoadFixtures {

    private LoadFixtures() {
    }

    public static void main(String[] args) throws IOException {
        switch (args[0]) {
            case "hash-time" -> hashTime(Integer.parseInt(args[1]));
            case "users" -> users(Integer.parseInt(args[2]), Path.of(args[3]));
            case "tokens" -> tokens(Path.of(args[1]), Integer.parseInt(args[2]), Path.of(args[3]));
            default -> throw new IllegalArgumentException("unknown fixture " + args[0]);
        }
    }

    private static void hashTime(int rounds) {
        StandardPasswordHasher hasher = StandardPasswordHasher.owaspDefaults();
        String hash = hasher.hash("correct horse battery staple");
        for (int i = 0; i < 20; i++) {
            hasher.verify("correct horse battery staple", hash);
        }
        long start = System.nanoTime();
        for (int i = 0; i < rounds; i++) {
            hasher.verify("correct horse battery staple", hash);
        }
        System.out.printf("%.2f%n", (System.nanoTime() - start) / 1e6 / rounds);
    }

    private static void users(int count, Path csv) throws IOException {
        StandardPasswordHasher hasher = StandardPasswordHasher.owaspDefaults();
        try (PrintWriter out = new PrintWriter(Files.newBufferedWriter(csv, StandardCharsets.UTF_8))) {
            for (int i = 1; i <= count; i++) {
                out.println("user" + i + "," + hasher.hash("password-" + i) + ",user");
            }
        }
    }

    private static void tokens(Path dataDir, int count, Path file) throws IOException {
        try (AuthDatabase db = AuthDatabase.open(JdbcSettings.h2File(dataDir));
                PrintWriter out = new PrintWriter(Files.newBufferedWriter(file, StandardCharsets.UTF_8))) {
            JwtTokens tokens = JwtTokens.builder().accessTokenTtl(Duration.ofHours(1)).build(db.signingKeyStore());
            for (int i = 0; i < count; i++) {
                out.println(tokens.tokenIssuer().issue(new UserAccount("id-" + i, "user" + i, List.of("user"), true))
                        .value());
            }
        }
    }
}
