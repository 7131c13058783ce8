package io.netauth.bench;

import io.netauth.core.mfa.Totp;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The MFA login scenario of the load benchmark: closed-loop connections, each signing in again and again, and
 * the same driver signing in without a second factor, so that the two are compared with one client's overhead.
 *
 * <p>{@code MfaLoginLoad HOST PORT SECONDS CONNECTIONS plain USERS}: {@code POST /auth} for user1..userUSERS
 * (password {@code password-<i>}). {@code MfaLoginLoad HOST PORT SECONDS CONNECTIONS mfa FILE}: {@code POST
 * /auth}, which answers {@code mfa_required}, then {@code POST /auth/mfa} with the code of the user's secret
 * (FILE: {@code name, password, base64 secret}, tab-separated, per line, from {@code LoadFixtures mfa-users}). A user signs in at
 * most once per 30-second step, since a code is accepted once. Prints one {@code RESULT} line as wrk's
 * scenarios do, counting whole logins (one or two requests) and their latency.
 */
public final class MfaLoginLoad {

    private static final Pattern MFA_TOKEN = Pattern.compile("\"mfa_token\":\"([^\"]+)\"");
    private static final Duration WARM_UP = Duration.ofSeconds(3);

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final String base;
    private final List<String[]> users;
    private final boolean mfa;
    private final AtomicInteger next = new AtomicInteger();
    private final ConcurrentHashMap<Integer, Long> lastStep = new ConcurrentHashMap<>();
    private final Totp totp = new Totp();

    private MfaLoginLoad(String base, List<String[]> users, boolean mfa) {
        this.base = base;
        this.users = users;
        this.mfa = mfa;
    }

    public static void main(String[] args) throws Exception {
        String base = "http://" + args[0] + ":" + args[1];
        int seconds = Integer.parseInt(args[2]);
        int connections = Integer.parseInt(args[3]);
        boolean mfa = args[4].equals("mfa");
        List<String[]> users = new ArrayList<>();
        if (mfa) {
            for (String line : Files.readAllLines(Path.of(args[5]))) {
                users.add(line.split("\t"));
            }
        } else {
            for (int i = 1; i <= Integer.parseInt(args[5]); i++) {
                users.add(new String[] {"user" + i, "password-" + i});
            }
        }
        MfaLoginLoad load = new MfaLoginLoad(base, users, mfa);
        ClosedLoop.run(connections, WARM_UP, load::loginOnce);
        ClosedLoop.report(ClosedLoop.run(connections, Duration.ofSeconds(seconds), load::loginOnce), seconds);
    }

    private boolean loginOnce() {
        try {
            int index = pickUser();
            String[] user = users.get(index);
            HttpResponse<String> first = post("/auth", "{\"username\":\"" + user[0] + "\",\"password\":\"" + user[1]
                    + "\"}");
            if (!mfa) {
                return first.statusCode() == 200;
            }
            Matcher token = MFA_TOKEN.matcher(first.body());
            if (first.statusCode() != 401 || !token.find()) {
                return false;
            }
            String code = totp.code(Base64.getDecoder().decode(user[2]), Totp.stepOf(Instant.now()));
            return post("/auth/mfa", "{\"mfa_token\":\"" + token.group(1) + "\",\"code\":\"" + code + "\"}")
                    .statusCode() == 200;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    /** The next user who has not signed in during the current step (always the next one, without MFA). */
    private int pickUser() throws InterruptedException {
        for (int tried = 1; ; tried++) {
            if (tried % users.size() == 0) {
                Thread.sleep(50); // every user signed in during this step: wait for the next
            }
            int index = Math.floorMod(next.getAndIncrement(), users.size());
            if (!mfa) {
                return index;
            }
            long step = Totp.stepOf(Instant.now());
            Long previous = lastStep.put(index, step);
            if (previous == null || previous < step) {
                return index;
            }
        }
    }

    private HttpResponse<String> post(String path, String json) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
