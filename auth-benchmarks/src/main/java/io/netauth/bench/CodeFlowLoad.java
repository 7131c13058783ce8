package io.netauth.bench;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The OpenID Connect scenario of the load benchmark: the whole authorization code flow of a browser that already
 * has a session, as full flows per second. Each flow is {@code GET /oauth2/authorize} with the session cookie and a
 * fresh PKCE challenge (answered by a redirect carrying a code), then {@code POST /oauth2/token} with the code, the
 * verifier and {@code client_secret_basic} (answered by an access token and an ID token: two RS256 signatures).
 *
 * <p>{@code CodeFlowLoad HOST PORT SECONDS CONNECTIONS CLIENT_ID CLIENT_SECRET REDIRECT_URI SESSION}: prints one
 * {@code RESULT} line as wrk's scenarios do, counting whole flows and their latency.
 */
public final class CodeFlowLoad {

    private static final Duration WARM_UP = Duration.ofSeconds(3);
    private static final Pattern CODE = Pattern.compile("[?&]code=([^&]+)");
    private static final SecureRandom RANDOM = new SecureRandom();

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .followRedirects(HttpClient.Redirect.NEVER).build();
    private final String base;
    private final String clientId;
    private final String basic;
    private final String redirectUri;
    private final String session;

    private CodeFlowLoad(String base, String clientId, String secret, String redirectUri, String session) {
        this.base = base;
        this.clientId = clientId;
        this.basic = "Basic " + Base64.getEncoder().encodeToString((clientId + ":" + secret)
                .getBytes(StandardCharsets.UTF_8));
        this.redirectUri = redirectUri;
        this.session = session;
    }

    public static void main(String[] args) throws Exception {
        int seconds = Integer.parseInt(args[2]);
        int connections = Integer.parseInt(args[3]);
        CodeFlowLoad load = new CodeFlowLoad("http://" + args[0] + ":" + args[1], args[4], args[5], args[6], args[7]);
        ClosedLoop.run(connections, WARM_UP, load::flowOnce);
        ClosedLoop.report(ClosedLoop.run(connections, Duration.ofSeconds(seconds), load::flowOnce), seconds);
    }

    private boolean flowOnce() {
        try {
            byte[] random = new byte[32];
            RANDOM.nextBytes(random);
            String verifier = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
            String challenge = Base64.getUrlEncoder().withoutPadding().encodeToString(MessageDigest
                    .getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII)));
            HttpResponse<Void> authorized = http.send(HttpRequest.newBuilder(URI.create(base
                    + "/oauth2/authorize?response_type=code&scope=openid%20profile&state=s&nonce=n&client_id="
                    + clientId + "&redirect_uri=" + encode(redirectUri) + "&code_challenge=" + challenge
                    + "&code_challenge_method=S256")).header("Cookie", "netauth_session=" + session).build(),
                    HttpResponse.BodyHandlers.discarding());
            Matcher code = CODE.matcher(authorized.headers().firstValue("Location").orElse(""));
            if (authorized.statusCode() != 303 || !code.find()) {
                return false;
            }
            HttpResponse<String> tokens = http.send(HttpRequest.newBuilder(URI.create(base + "/oauth2/token"))
                    .header("Authorization", basic).header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString("grant_type=authorization_code&code=" + code.group(1)
                            + "&redirect_uri=" + encode(redirectUri) + "&code_verifier=" + verifier)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return tokens.statusCode() == 200 && tokens.body().contains("\"id_token\"");
        } catch (IOException | InterruptedException | NoSuchAlgorithmException e) {
            return false;
        }
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
