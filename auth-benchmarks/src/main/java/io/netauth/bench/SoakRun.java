package io.netauth.bench;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.HdrHistogram.Recorder;

/**
 * The soak: a realistic mix at a steady rate for a long time, sampling every 10 s what would show a leak. Run by
 * {@code auth-benchmarks/load/run.sh --soak MINUTES}.
 *
 * <p>Usage: {@code SoakRun HOST PORT PID JDBC_URL DB_USER MINUTES CSV ADMIN_TOKEN}. Users {@code user1..userN}
 * ({@code $USERS}) with password {@code password-<i>}, and one admin token, must exist. The mix, per second:
 * 200 verifications of a few cached tokens, 40 cycling through the tokens of the file {@code $TOKENS} (more than
 * the verification cache holds, so each is a miss), 4 logins,
 * 1 failed login, 10 refreshes, 1 logout and a new session, and an admin change every 10 s. Each 10 s line of
 * the CSV: minutes, the runner's resident memory (MiB), heap after the last collection (MiB), threads, open
 * file descriptors, the rows of each table, the p99 of each route in ms over those 10 s, and the errors so far
 * (any answer but the expected one).
 */
public final class SoakRun {

    private static final List<String> ROUTES = List.of("verify", "verify_uncached", "login", "login_failed",
            "refresh", "logout", "admin");
    private static final List<String> TABLES = List.of("auth_users", "auth_refresh_families", "auth_refresh_tokens",
            "auth_signing_keys", "auth_login_failures");
    private static final Pattern TOKEN = Pattern.compile("\"token\":\"([^\"]+)\"");
    private static final Pattern REFRESH = Pattern.compile("\"refresh_token\":\"([^\"]+)\"");
    private static final Pattern LIVE = Pattern.compile("^jvm_gc_live_data_size_bytes\\S* ([0-9.eE+]+)$",
            Pattern.MULTILINE);

    private final String base;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final Map<String, Recorder> latency = new LinkedHashMap<>();
    private final AtomicLong errors = new AtomicLong();
    /** The refresh token of each session slot, and when its login was: a slot logs in again before its family's end. */
    private final Map<Integer, Session> sessions = new ConcurrentHashMap<>();
    private final long sessionNanos = TimeUnit.MINUTES.toNanos(Long.parseLong(
            System.getenv().getOrDefault("SESSION_MINUTES", "4")));
    private final int users = Integer.parseInt(System.getenv().getOrDefault("USERS", "200"));
    private final List<String> cachedTokens = new ArrayList<>();
    private final String adminToken;
    private volatile String lastError = "";

    private SoakRun(String host, int port, String adminToken) {
        this.base = "http://" + host + ":" + port;
        this.adminToken = adminToken;
        for (String route : ROUTES) {
            latency.put(route, new Recorder(3));
        }
    }

    public static void main(String[] args) throws Exception {
        SoakRun soak = new SoakRun(args[0], Integer.parseInt(args[1]), args[7]);
        soak.run(Long.parseLong(args[2]), args[3], args[4], Integer.parseInt(args[5]), Path.of(args[6]));
    }

    private void run(long pid, String jdbcUrl, String dbUser, int minutes, Path csv) throws Exception {
        for (int i = 1; i <= 5; i++) {
            cachedTokens.add(find(TOKEN, login(i)));
        }
        ScheduledExecutorService load = Executors.newScheduledThreadPool(8);
        every(load, 200, () -> verify(cachedTokens.get(ThreadLocalRandom.current().nextInt(5)), "verify"));
        List<String> uncached = Files.readAllLines(Path.of(System.getenv("TOKENS")), StandardCharsets.UTF_8);
        AtomicLong next = new AtomicLong();
        every(load, 40, () -> verify(uncached.get((int) (next.getAndIncrement() % uncached.size())),
                "verify_uncached"));
        every(load, 4, () -> timed("login", () -> loginAnswer(1 + ThreadLocalRandom.current().nextInt(users)), 200));
        every(load, 1, () -> timed("login_failed", () -> post("/auth", "{\"username\":\"user"
                + (1 + ThreadLocalRandom.current().nextInt(users)) + "\",\"password\":\"wrong\"}", null), 401));
        every(load, 10, this::refresh);
        every(load, 1, this::logoutAndStartAgain);
        every(load, 0.1, this::adminChange);
        try (PrintWriter out = new PrintWriter(Files.newBufferedWriter(csv, StandardCharsets.UTF_8))) {
            out.println("minutes,rss_mib,heap_after_gc_mib,threads,fds," + String.join(",", TABLES) + ","
                    + String.join(",", ROUTES.stream().map(r -> r + "_p99_ms").toList()) + ",errors");
            long started = System.nanoTime();
            for (int sample = 1; sample <= minutes * 6; sample++) {
                Thread.sleep(Math.max(0, started + sample * 10_000_000_000L - System.nanoTime()) / 1_000_000);
                String line = String.format("%.2f,%d,%.1f,%d,%d,%s,%s,%d", sample / 6.0, status(pid, "VmRSS") / 1024,
                        heapAfterGc(), status(pid, "Threads"), fds(pid), rows(jdbcUrl, dbUser),
                        p99s(), errors.get());
                out.println(line);
                out.flush();
                System.out.println("SOAK " + line + (lastError.isEmpty() ? "" : " last error: " + lastError));
            }
        }
        load.shutdownNow();
        load.awaitTermination(10, TimeUnit.SECONDS);
    }

    /** Runs {@code task} at {@code perSecond}, spread evenly; a slow task never delays the schedule. */
    private void every(ScheduledExecutorService load, double perSecond, Runnable task) {
        long period = (long) (1_000_000 / perSecond);
        load.scheduleAtFixedRate(() -> {
            try {
                task.run();
            } catch (RuntimeException e) {
                errors.incrementAndGet();
                lastError = e.toString();
            }
        }, ThreadLocalRandom.current().nextLong(period), period, TimeUnit.MICROSECONDS);
    }

    private HttpResponse<String> loginAnswer(int user) {
        return post("/auth", "{\"username\":\"user" + user + "\",\"password\":\"password-" + user + "\"}", null);
    }

    private String login(int user) {
        return loginAnswer(user).body();
    }

    private void verify(String token, String route) {
        timed(route, () -> send(HttpRequest.newBuilder(URI.create(base + "/auth/verify"))
                .header("Authorization", "Bearer " + token).GET()), 200);
    }

    /**
     * Spends a slot's refresh token. A slot logs in again once its session is older than {@code SESSION_MINUTES},
     * as a user does, so that a refusal can only be a fault: the soak runs the server with a short absolute
     * lifetime, and a family past it is refused by design.
     */
    private void refresh() {
        int slot = ThreadLocalRandom.current().nextInt(20);
        Session session = sessions.compute(slot, (s, old) -> old == null || System.nanoTime() - old.started > sessionNanos
                ? new Session(find(REFRESH, login(1 + s)), System.nanoTime()) : old);
        HttpResponse<String> answer = timed("refresh", () -> post("/auth/refresh",
                "{\"refresh_token\":\"" + session.token + "\"}", null), 200);
        if (answer != null) {
            sessions.replace(slot, session, new Session(find(REFRESH, answer.body()), session.started));
        }
    }

    private void logoutAndStartAgain() {
        int slot = 20 + ThreadLocalRandom.current().nextInt(5);
        Session session = sessions.remove(slot);
        if (session != null) {
            timed("logout", () -> post("/auth/logout", "{\"refresh_token\":\"" + session.token + "\"}", null), 204);
        }
        sessions.put(slot, new Session(find(REFRESH, login(1 + slot)), System.nanoTime()));
    }

    private record Session(String token, long started) {
    }

    private void adminChange() {
        String user = "user" + (1 + ThreadLocalRandom.current().nextInt(users));
        String roles = ThreadLocalRandom.current().nextBoolean() ? "[\"reader\"]" : "[]";
        timed("admin", () -> send(HttpRequest.newBuilder(URI.create(base + "/admin/users/" + user + "/roles"))
                .header("Authorization", "Bearer " + adminToken).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString("{\"roles\":" + roles + "}"))), 204);
    }

    private HttpResponse<String> timed(String route, java.util.function.Supplier<HttpResponse<String>> call,
            int expected) {
        long start = System.nanoTime();
        HttpResponse<String> answer = call.get();
        latency.get(route).recordValue(Math.max(1, (System.nanoTime() - start) / 1000));
        if (answer.statusCode() != expected) {
            errors.incrementAndGet();
            lastError = route + " answered " + answer.statusCode() + ": " + answer.body();
            return null;
        }
        return answer;
    }

    private HttpResponse<String> post(String path, String json, String bearer) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json));
        return send(request);
    }

    private HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return http.send(request.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String find(Pattern pattern, String body) {
        Matcher m = pattern.matcher(body);
        if (!m.find()) {
            throw new IllegalStateException("no " + pattern + " in " + body);
        }
        return m.group(1);
    }

    private String p99s() {
        List<String> values = new ArrayList<>();
        for (Recorder recorder : latency.values()) {
            var interval = recorder.getIntervalHistogram();
            values.add(interval.getTotalCount() == 0 ? "" : String.format("%.2f",
                    interval.getValueAtPercentile(99) / 1000.0));
        }
        return String.join(",", values);
    }

    private double heapAfterGc() {
        try {
            // /metrics is on the management port (run.sh gives it one; loopback, as the default)
            String metrics = "http://127.0.0.1:" + System.getenv("MANAGEMENT_PORT") + "/metrics";
            Matcher m = LIVE.matcher(send(HttpRequest.newBuilder(URI.create(metrics)).GET()).body());
            return m.find() ? Double.parseDouble(m.group(1)) / (1 << 20) : -1;
        } catch (RuntimeException e) {
            return -1;
        }
    }

    private static long status(long pid, String field) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
            if (line.startsWith(field + ":")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        return -1;
    }

    private static long fds(long pid) throws IOException {
        try (var entries = Files.list(Path.of("/proc", Long.toString(pid), "fd"))) {
            return entries.count();
        }
    }

    private static String rows(String jdbcUrl, String dbUser) {
        List<String> counts = new ArrayList<>();
        // The embedded default's password is in its data directory; run.sh passes it on (PostgreSQL here has none).
        String password = System.getenv().getOrDefault("DB_PASSWORD", "");
        try (Connection c = DriverManager.getConnection(jdbcUrl, dbUser, password); Statement s = c.createStatement()) {
            for (String table : TABLES) {
                try (ResultSet r = s.executeQuery("SELECT COUNT(*) FROM " + table)) {
                    r.next();
                    counts.add(Long.toString(r.getLong(1)));
                }
            }
        } catch (java.sql.SQLException e) {
            return String.join(",", java.util.Collections.nCopies(TABLES.size(), ""));
        }
        return String.join(",", counts);
    }
}
