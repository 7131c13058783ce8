package io.netauth.server.testing;

import java.io.IOException;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A person's browser for protocol tests that need no rendering: a cookie jar, redirects followed by hand on the
 * server's own origin, and the sign-in, second-factor and consent forms filled in from the pages' own fields. It
 * stops at the first address outside the server (a client's redirect URI) and answers it.
 */
public final class BrowserAgent {

    private static final Pattern HIDDEN = Pattern.compile(
            "<input type=\"hidden\" name=\"([a-z_]+)\" value=\"([^\"]*)\">");

    private final URI origin;
    private final HttpClient http;
    private String username;
    private String password;
    private Supplier<String> codes;
    private boolean consents = true;
    private HttpResponse<String> lastPage;
    private int signIns;
    private int consentPages;

    /** A browser for the server at {@code origin} ({@code http://host:port}). */
    public BrowserAgent(URI origin) {
        this(origin, HttpClient.newBuilder().cookieHandler(new CookieManager(null, CookiePolicy.ACCEPT_ALL))
                .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(5))
                .version(HttpClient.Version.HTTP_1_1).build());
    }

    private BrowserAgent(URI origin, HttpClient http) {
        this.origin = origin;
        this.http = http;
    }

    /**
     * The same browser, cookies and all, at another origin: another process of the same server on another port of
     * the same host, whose cookies (kept per host, as RFC 6265 keeps them) it shares.
     */
    public BrowserAgent at(URI otherOrigin) {
        BrowserAgent other = new BrowserAgent(otherOrigin, http);
        other.signsInAs(username, password, codes);
        other.consents = consents;
        return other;
    }

    /** Who signs in when the sign-in page asks, and where the codes come from when a second step asks. */
    public BrowserAgent signsInAs(String username, String password, Supplier<String> codes) {
        this.username = username;
        this.password = password;
        this.codes = codes;
        return this;
    }

    /** Whether the person allows (the default) or denies on the consent page. */
    public BrowserAgent consents(boolean allow) {
        this.consents = allow;
        return this;
    }

    /**
     * Opens {@code address} and goes on as a person would (sign in, second step, consent) until the server sends
     * the browser elsewhere; answers that address, or {@code null} when a page of the server's is the end (see
     * {@link #lastPage()}).
     */
    public String open(String address) throws IOException, InterruptedException {
        HttpResponse<String> response = get(address);
        for (int step = 0; step < 20; step++) {
            int status = response.statusCode();
            if (status == 302 || status == 303) {
                String location = response.headers().firstValue("Location").orElseThrow();
                URI next = origin.resolve(location);
                if (!sameOrigin(next)) {
                    return location;
                }
                response = get(next.toString());
                continue;
            }
            lastPage = response;
            String body = response.body();
            Map<String, String> fields = hiddenFields(body);
            if (status == 200 && body.contains("action=\"/login\"") && username != null) {
                fields.put("username", username);
                fields.put("password", password);
                signIns++;
                response = post("/login", fields);
            } else if (status == 200 && body.contains("action=\"/login/mfa\"") && codes != null) {
                fields.put("code", codes.get());
                response = post("/login/mfa", fields);
            } else if (status == 200 && body.contains("action=\"/oauth2/consent\"")) {
                fields.put("decision", consents ? "allow" : "deny");
                consentPages++;
                response = post("/oauth2/consent", fields);
            } else {
                return null;
            }
        }
        throw new IllegalStateException("more than 20 steps");
    }

    /** How many times the sign-in form was filled in. */
    public int signIns() {
        return signIns;
    }

    /** How many consent pages were answered. */
    public int consentPages() {
        return consentPages;
    }

    /** The last page of the server's that the browser showed. */
    public HttpResponse<String> lastPage() {
        return lastPage;
    }

    public HttpResponse<String> get(String address) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(origin.resolve(address)).header("Accept", "text/html").GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    public HttpResponse<String> post(String path, Map<String, String> form) throws IOException, InterruptedException {
        StringBuilder body = new StringBuilder();
        for (Map.Entry<String, String> field : form.entrySet()) {
            body.append(body.isEmpty() ? "" : "&").append(URLEncoder.encode(field.getKey(), StandardCharsets.UTF_8))
                    .append('=').append(URLEncoder.encode(field.getValue(), StandardCharsets.UTF_8));
        }
        return http.send(HttpRequest.newBuilder(origin.resolve(path))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** The hidden fields of the first form of a page, unescaped. */
    public static Map<String, String> hiddenFields(String html) {
        int end = html.indexOf("</form>");
        Matcher m = HIDDEN.matcher(end < 0 ? html : html.substring(0, end));
        Map<String, String> fields = new LinkedHashMap<>();
        while (m.find()) {
            fields.put(m.group(1), m.group(2).replace("&quot;", "\"").replace("&#39;", "'").replace("&lt;", "<")
                    .replace("&gt;", ">").replace("&amp;", "&"));
        }
        return fields;
    }

    private boolean sameOrigin(URI uri) {
        return origin.getScheme().equals(uri.getScheme()) && origin.getHost().equals(uri.getHost())
                && origin.getPort() == uri.getPort();
    }
}
