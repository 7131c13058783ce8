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
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * Prepares and measures for the load benchmark, run by {@code auth-benchmarks/load/run.sh}. {@code ALG} is
 * {@code argon2id} (the server's default policy) or {@code bcrypt} (cost 10); {@code DB} is an H2 data
 * directory or a JDBC URL (the user in {@code $DB_USER}).
 * <ul>
 *   <li>{@code hash-time ALG N}: the single-thread time of one verification, in ms, after a warm-up;</li>
 *   <li>{@code hash-rate ALG THREADS SECONDS}: verifications per second of THREADS threads hashing at once,
 *       after a warm-up: how far the hash itself scales over the cores;</li>
 *   <li>{@code users ALG N CSV}: N users {@code user1..userN} with password {@code password-<i>}, written as a
 *       {@code users import} file;</li>
 *   <li>{@code tokens DB N FILE}: N distinct access tokens signed with the database's active key (the
 *       server's own, through H2's AUTO_SERVER while it runs), one per line, for the cache-miss scenario;</li>
 *   <li>{@code mfa-users DB N FILE}: N users {@code mfa1..mfaN} with a confirmed TOTP factor, sealed with the
 *       keys of {@code $AUTH_SECRETS_KEYS} as the server's; FILE gets {@code name, password, base64 secret} (tab-separated) per
 *       line, for {@code MfaLoginLoad};</li>
 *   <li>{@code pkce}: a PKCE verifier and its S256 challenge (RFC 7636), space-separated, for the code flow
 *       scenario;</li>
 *   <li>{@code verify-time DB FILE}: the single-thread time of one uncached verification of the tokens in
 *       FILE, in µs, after a warm-up: what JMH's {@code TokenBenchmark} measures, in the same run.</li>
 * </ul>
 */
public final class LoadFixtures {

    private static final String PASSWORD = "correct horse battery staple";

    private LoadFixtures() {
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        switch (args[0]) {
            case "hash-time" -> hashTime(hasher(args[1]), Integer.parseInt(args[2]));
            case "users" -> users(hasher(args[1]), Integer.parseInt(args[2]), Path.of(args[3]));
            case "hash-rate" -> hashRate(hasher(args[1]), Integer.parseInt(args[2]), Integer.parseInt(args[3]));
            case "tokens" -> tokens(settings(args[1]), Integer.parseInt(args[2]), Path.of(args[3]));
            case "verify-time" -> verifyTime(settings(args[1]), Path.of(args[2]));
            case "sign-time" -> signTime(Integer.parseInt(args[1]));
            case "revocations" -> revocations(settings(args[1]), Integer.parseInt(args[2]));
            case "mfa-users" -> mfaUsers(settings(args[1]), Integer.parseInt(args[2]), Path.of(args[3]));
            case "pkce" -> pkce();
            default -> throw new IllegalArgumentException("unknown fixture " + args[0]);
        }
    }

    private static StandardPasswordHasher hasher(String algorithm) {
        return switch (algorithm) {
            case "argon2id" -> StandardPasswordHasher.owaspDefaults();
            case "bcrypt" -> StandardPasswordHasher.bcrypt(10);
            default -> throw new IllegalArgumentException("unknown algorithm " + algorithm);
        };
    }

    /** Opens the runner's database with its key-encryption keys, from {@code AUTH_SECRETS_KEYS} as run.sh sets. */
    private static AuthDatabase open(JdbcSettings settings) {
        String keys = System.getenv("AUTH_SECRETS_KEYS");
        return keys == null || keys.isBlank() ? AuthDatabase.open(settings)
                : AuthDatabase.open(settings, io.netauth.core.secret.SecretKeys.parse(keys));
    }

    private static JdbcSettings settings(String database) {
        return database.startsWith("jdbc:")
                ? JdbcSettings.of(database, System.getenv().getOrDefault("DB_USER", ""), "")
                : JdbcSettings.h2File(Path.of(database));
    }

    private static void hashTime(StandardPasswordHasher hasher, int rounds) {
        String hash = warmedUpHash(hasher);
        long start = System.nanoTime();
        for (int i = 0; i < rounds; i++) {
            hasher.verify(PASSWORD, hash);
        }
        System.out.printf("%.2f%n", (System.nanoTime() - start) / 1e6 / rounds);
    }

    private static void hashRate(StandardPasswordHasher hasher, int threads, int seconds) throws InterruptedException {
        String hash = warmedUpHash(hasher);
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        AtomicLong done = new AtomicLong();
        List<Thread> hashing = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            Thread thread = new Thread(() -> {
                while (System.nanoTime() < end) {
                    hasher.verify(PASSWORD, hash);
                    done.incrementAndGet();
                }
            }, "hash-rate-" + t);
            thread.start();
            hashing.add(thread);
        }
        for (Thread thread : hashing) {
            thread.join();
        }
        System.out.printf("%.1f%n", done.get() / (double) seconds);
    }

    /** A hash of {@link #PASSWORD}, verified 20 times first so that the JIT has compiled the hash. */
    private static String warmedUpHash(StandardPasswordHasher hasher) {
        String hash = hasher.hash(PASSWORD);
        for (int i = 0; i < 20; i++) {
            hasher.verify(PASSWORD, hash);
        }
        return hash;
    }

    private static void users(StandardPasswordHasher hasher, int count, Path csv) throws IOException {
        String lines = IntStream.rangeClosed(1, count).parallel()
                .mapToObj(i -> "user" + i + "," + hasher.hash("password-" + i) + ",user")
                .collect(Collectors.joining("\n", "", "\n"));
        Files.writeString(csv, lines, StandardCharsets.UTF_8);
    }

    private static void tokens(JdbcSettings settings, int count, Path file) throws IOException {
        try (AuthDatabase db = open(settings);
                PrintWriter out = new PrintWriter(Files.newBufferedWriter(file, StandardCharsets.UTF_8))) {
            JwtTokens tokens = JwtTokens.builder().accessTokenTtl(Duration.ofDays(1)).build(db.signingKeyStore()); // outlives a soak
            for (int i = 0; i < count; i++) {
                out.println(tokens.signer().issue(new UserAccount("id-" + i, "user" + i, List.of("user"), true))
                        .value());
            }
        }
    }

    private static void mfaUsers(JdbcSettings settings, int count, Path file) throws IOException {
        String hash = StandardPasswordHasher.owaspDefaults().hash(PASSWORD); // one hash: the same password for all
        java.security.SecureRandom random = new java.security.SecureRandom();
        try (AuthDatabase db = open(settings);
                PrintWriter out = new PrintWriter(Files.newBufferedWriter(file, StandardCharsets.UTF_8))) {
            for (int i = 1; i <= count; i++) {
                String id = db.userDirectory().createUser("mfa" + i, hash, List.of("user")).id();
                byte[] secret = new byte[io.netauth.core.mfa.Totp.SECRET_BYTES];
                random.nextBytes(secret);
                db.mfaStore().savePendingTotp(id, secret, java.time.Instant.now());
                db.mfaStore().confirmTotp(id, 1, List.of(), java.time.Instant.now());
                out.println("mfa" + i + "\t" + PASSWORD + "\t"
                        + java.util.Base64.getEncoder().encodeToString(secret));
            }
        }
    }

    /** Milliseconds one RS256 client token takes to sign on one thread: the client-credentials ceiling's unit. */
    private static void signTime(int rounds) {
        try (AuthDatabase db = AuthDatabase.open(JdbcSettings.of("jdbc:h2:mem:sign-time;DB_CLOSE_DELAY=-1", "sa", ""))) {
            JwtTokens tokens = JwtTokens.builder().build(db.signingKeyStore());
            // Warm up by time, as long as the server's scenario does: C2 needs about 15 s for the RSA path.
            long warm = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
            while (System.nanoTime() < warm) {
                tokens.issueClientToken("client", List.of("read"), List.of(), null);
            }
            long start = System.nanoTime();
            for (int i = 0; i < rounds; i++) {
                tokens.issueClientToken("client", List.of("read"), List.of(), null);
            }
            System.out.printf("%.3f%n", (System.nanoTime() - start) / 1e6 / rounds);
        }
    }

    /** Records {@code count} revoked access tokens (random jtis, an hour to live) in the change feed. */
    private static void revocations(JdbcSettings settings, int count) {
        try (AuthDatabase db = AuthDatabase.open(settings)) {
            java.time.Instant now = java.time.Instant.now();
            for (int i = 0; i < count; i++) {
                db.changeStore().append(new io.netauth.core.Change(io.netauth.core.Change.TOKEN_REVOKED,
                        java.util.UUID.randomUUID().toString(), now, now.plus(Duration.ofHours(1))));
            }
        }
    }

    private static void verifyTime(JdbcSettings settings, Path file) throws IOException {
        List<String> tokens = Files.readAllLines(file, StandardCharsets.UTF_8);
        try (AuthDatabase db = open(settings)) {
            JwtTokens jwt = JwtTokens.builder().verificationCacheSize(0).build(db.signingKeyStore());
            for (int round = 0; round < 3; round++) {
                for (String token : tokens) {
                    jwt.tokenVerifier().verify(token);
                }
            }
            long start = System.nanoTime();
            for (String token : tokens) {
                jwt.tokenVerifier().verify(token);
            }
            System.out.printf("%.1f%n", (System.nanoTime() - start) / 1e3 / tokens.size());
        }
    }

    private static void pkce() {
        byte[] random = new byte[32];
        new java.security.SecureRandom().nextBytes(random);
        java.util.Base64.Encoder base64url = java.util.Base64.getUrlEncoder().withoutPadding();
        String verifier = base64url.encodeToString(random);
        java.security.MessageDigest sha256;
        try {
            sha256 = java.security.MessageDigest.getInstance("SHA-256");
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
        String challenge = base64url.encodeToString(sha256.digest(verifier.getBytes(
                java.nio.charset.StandardCharsets.US_ASCII)));
        System.out.println(verifier + " " + challenge);
    }
}
