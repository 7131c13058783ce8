package io.netauth.server.internal;

import io.netty.handler.codec.http.HttpResponseStatus;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The sign-in, second-factor, sign-out and account pages: server-rendered HTML from the JDK's text blocks, one
 * inline style sheet allowed by its hash, no script, no external asset. Every control has a label; the layout is
 * one column that reads on a phone and a desktop. Every page is sent with a strict Content-Security-Policy,
 * {@code frame-ancestors 'none'}, {@code Referrer-Policy: no-referrer} and {@code Cache-Control: no-store}.
 * Everything interpolated is escaped. Not API.
 */
final class WebPages {

    private static final String STYLE = """
            :root{color-scheme:light dark;--fg:#1b1f24;--bg:#f4f6f8;--card:#fff;--line:#c9d1d9;--accent:#1f5fbf;\
            --bad:#b3261e}
            @media (prefers-color-scheme:dark){:root{--fg:#e6edf3;--bg:#0d1117;--card:#161b22;--line:#30363d;\
            --accent:#6ea8fe;--bad:#ff8a80}}
            *{box-sizing:border-box}
            body{margin:0;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--fg);\
            background:var(--bg)}
            main{max-width:26rem;margin:8vh auto;padding:2rem;background:var(--card);border:1px solid var(--line);\
            border-radius:12px}
            @media (max-width:30rem){main{margin:0;border:0;border-radius:0;min-height:100vh}}
            h1{font-size:1.35rem;margin:0 0 1.25rem}
            h2{font-size:1.05rem;margin:2rem 0 .25rem;padding-top:1rem;border-top:1px solid var(--line)}
            .brand{font-weight:600;letter-spacing:.02em;margin:0 0 1.5rem;color:var(--accent)}
            .logo{display:block;max-height:3rem;max-width:12rem}
            label{display:block;font-weight:600;margin:1rem 0 .35rem}
            input{width:100%;font:inherit;padding:.6rem .7rem;border:1px solid var(--line);border-radius:8px;\
            background:var(--bg);color:var(--fg)}
            input:focus,button:focus,a:focus{outline:3px solid var(--accent);outline-offset:2px}
            button{margin-top:1.5rem;width:100%;font:inherit;font-weight:600;padding:.7rem;border:0;\
            border-radius:8px;background:var(--accent);color:#fff;cursor:pointer}
            button.secondary{background:transparent;color:var(--accent);border:1px solid var(--line)}
            .error{margin:0 0 1rem;padding:.7rem .8rem;border-radius:8px;border:1px solid var(--bad);color:var(--bad)}
            .hint{color:inherit;opacity:.8;font-size:.92rem}
            .qr{display:block;margin:1rem auto;max-width:14rem;background:#fff;padding:.5rem;border-radius:8px}
            .qr svg{width:100%;height:auto;display:block}
            code,.codes{font-family:ui-monospace,SFMono-Regular,Menlo,monospace}
            .codes{columns:2;padding-left:1.2rem}
            details{margin-top:1rem}
            a{color:var(--accent)}
            """;
    private static final String CSP_BASE = "default-src 'none'; style-src '" + sha256(STYLE)
            + "'; img-src 'self' data:; base-uri 'none'; frame-ancestors 'none'; form-action 'self'";

    private static final int MAX_LOGO_BYTES = 256 * 1024;

    private final String title;
    private final String csp;
    private final String brand;

    /**
     * @param title         {@code ui-title}
     * @param redirectHosts {@code allowed-redirect-hosts}: a form's answer may redirect there, so CSP's
     *                      {@code form-action} (which Chromium applies to redirects) names them
     */
    WebPages(String title, List<String> redirectHosts, String logoDataUrl) {
        this.title = title;
        this.brand = logoDataUrl == null ? escape(title) : "<img class=\"logo\" src=\"" + logoDataUrl + "\" alt=\""
                + escape(title) + "\">";
        StringBuilder policy = new StringBuilder(CSP_BASE);
        for (String host : redirectHosts) {
            // A host-source without a port matches only the scheme's default port; the return address may name any.
            policy.append(' ').append(host.indexOf(':') < 0 ? host + ":*" : host);
        }
        this.csp = policy.toString();
    }

    /** The sign-in form. */
    JsonReply login(HttpResponseStatus status, String csrf, String rd, String username, String error) {
        return page(status, "Sign in", rd, """
                <form method="post" action="/login">
                %s%s
                <label for="username">Username</label>
                <input id="username" name="username" autocomplete="username" required autofocus value="%s">
                <label for="password">Password</label>
                <input id="password" name="password" type="password" autocomplete="current-password" required>
                <button type="submit">Sign in</button>
                </form>""".formatted(errorBlock(error), hidden(csrf, rd), escape(username)));
    }

    /** The second step: a code from the authenticator app, or a recovery code. */
    JsonReply secondFactor(HttpResponseStatus status, String csrf, String rd, String mfaToken, String error) {
        return page(status, "Enter your code", rd, """
                %s<p class="hint">Open your authenticator app and type the 6-digit code it shows.</p>
                <form method="post" action="/login/mfa">
                %s<input type="hidden" name="mfa_token" value="%s">
                <label for="code">Authentication code</label>
                <input id="code" name="code" inputmode="numeric" pattern="[0-9]{6}" maxlength="6" \
                autocomplete="one-time-code" required autofocus>
                <button type="submit">Verify</button>
                </form>
                <details><summary>Use a recovery code instead</summary>
                <form method="post" action="/login/mfa">
                %s<input type="hidden" name="mfa_token" value="%s">
                <label for="recovery_code">Recovery code</label>
                <input id="recovery_code" name="recovery_code" autocomplete="off" required>
                <button type="submit" class="secondary">Use recovery code</button>
                </form></details>""".formatted(errorBlock(error), hidden(csrf, rd), escape(mfaToken),
                hidden(csrf, rd), escape(mfaToken)));
    }

    /** Enrolling a first factor that a role requires: the QR code, the secret, and the first code. */
    JsonReply enrol(HttpResponseStatus status, String csrf, String rd, String mfaToken, String qrSvg,
            String secret, String error) {
        return page(status, "Set up two-step sign-in", """
                %s<p class="hint">Your account needs a second factor. Scan this code with an authenticator app \
                (Google Authenticator, Aegis, 1Password), then type the code it shows.</p>
                <div class="qr">%s</div>
                <p class="hint">Cannot scan? Type this key: <code>%s</code></p>
                <form method="post" action="/login/enrol">
                %s<input type="hidden" name="mfa_token" value="%s">
                <label for="code">Authentication code</label>
                <input id="code" name="code" inputmode="numeric" pattern="[0-9]{6}" maxlength="6" \
                autocomplete="one-time-code" required autofocus>
                <button type="submit">Turn on</button>
                </form>""".formatted(errorBlock(error), qrSvg, escape(secret), hidden(csrf, rd), escape(mfaToken)));
    }

    /** Recovery codes, shown once, and where to go on. */
    JsonReply recoveryCodes(List<String> codes, String next) {
        StringBuilder list = new StringBuilder();
        for (String code : codes) {
            list.append("<li>").append(escape(code)).append("</li>");
        }
        return page(HttpResponseStatus.OK, "Save your recovery codes", """
                <p class="hint">Each code signs you in once if you lose your phone. Store them somewhere safe: \
                they are not shown again.</p>
                <ul class="codes">%s</ul>
                <p><a href="%s">Continue</a></p>""".formatted(list, escape(next)));
    }

    /** The sign-out confirmation. */
    JsonReply logout(String csrf, String username) {
        return page(HttpResponseStatus.OK, "Sign out", """
                <p>Signed in as <strong>%s</strong>.</p>
                <form method="post" action="/logout">
                <input type="hidden" name="csrf" value="%s">
                <button type="submit">Sign out</button>
                </form>""".formatted(escape(username), escape(csrf)));
    }

    /** The signed-in user's page: the password, the second factor, signing out. */
    JsonReply account(HttpResponseStatus status, String csrf, String username, List<String> amr, boolean hasTotp,
            String error) {
        String methods = amr.contains("otp") ? "password and authentication code" : "password";
        String totp = hasTotp ? """
                <p>Two-step sign-in is <strong>on</strong>.</p>
                <form method="post" action="/account/recovery-codes">
                <input type="hidden" name="csrf" value="%1$s">
                <label for="codes_password">Password</label>
                <input id="codes_password" name="password" type="password" autocomplete="current-password" required>
                <button type="submit" class="secondary">Make new recovery codes</button>
                </form>
                <form method="post" action="/account/totp/remove">
                <input type="hidden" name="csrf" value="%1$s">
                <label for="remove_password">Password</label>
                <input id="remove_password" name="password" type="password" autocomplete="current-password" required>
                <label for="remove_code">Authentication code</label>
                <input id="remove_code" name="code" inputmode="numeric" pattern="[0-9]{6}" maxlength="6" \
                autocomplete="one-time-code" required>
                <button type="submit" class="secondary">Turn off two-step sign-in</button>
                </form>""".formatted(escape(csrf)) : """
                <p>Two-step sign-in is <strong>off</strong>. With it, a stolen password is not enough.</p>
                <form method="post" action="/account/totp">
                <input type="hidden" name="csrf" value="%s">
                <label for="totp_password">Password</label>
                <input id="totp_password" name="password" type="password" autocomplete="current-password" required>
                <button type="submit">Set up an authenticator app</button>
                </form>""".formatted(escape(csrf));
        return page(status, "Your account", """
                %s<p>Signed in as <strong>%s</strong>, with %s.</p>
                <h2>Password</h2>
                <form method="post" action="/account/password">
                <input type="hidden" name="csrf" value="%s">
                <label for="current_password">Current password</label>
                <input id="current_password" name="current_password" type="password" autocomplete="current-password" \
                required>
                <label for="new_password">New password</label>
                <input id="new_password" name="new_password" type="password" autocomplete="new-password" \
                minlength="8" required aria-describedby="new_password_hint">
                <p id="new_password_hint" class="hint">At least 8 characters; a long phrase is best.</p>
                <button type="submit">Change password</button>
                </form>
                <h2>Two-step sign-in</h2>
                %s
                <h2>Session</h2>
                <form method="post" action="/logout">
                <input type="hidden" name="csrf" value="%s">
                <button type="submit" class="secondary">Sign out</button>
                </form>""".formatted(errorBlock(error), escape(username), methods, escape(csrf), totp, escape(csrf)));
    }

    /** A signed-in user's enrolment: the QR code, the secret, and the first code. */
    JsonReply accountEnrol(HttpResponseStatus status, String csrf, String qrSvg, String secret, String error) {
        return page(status, "Set up two-step sign-in", """
                %s<p class="hint">Scan this code with an authenticator app (Google Authenticator, Aegis, \
                1Password), then type the code it shows.</p>
                <div class="qr">%s</div>
                <p class="hint">Cannot scan? Type this key: <code>%s</code></p>
                <form method="post" action="/account/totp/confirm">
                <input type="hidden" name="csrf" value="%s">
                <label for="code">Authentication code</label>
                <input id="code" name="code" inputmode="numeric" pattern="[0-9]{6}" maxlength="6" \
                autocomplete="one-time-code" required autofocus>
                <button type="submit">Turn on</button>
                </form>
                <p><a href="/account">Cancel</a></p>""".formatted(errorBlock(error), qrSvg, escape(secret),
                escape(csrf)));
    }

    /**
     * The consent page of an authorization request: who is signed in, which application asks, what each scope
     * lets it do; the answer goes to {@code /oauth2/consent} with the request, and from there to the client.
     */
    JsonReply consent(String csrf, String username, String clientName, List<String> scopes, String request,
            String redirectUri) {
        StringBuilder asks = new StringBuilder();
        for (String scope : scopes) {
            asks.append("<li>").append(escape(scopeWords(scope))).append("</li>");
        }
        return page(HttpResponseStatus.OK, "Allow access?", redirectUri, """
                <p>Signed in as <strong>%s</strong>.</p>
                <p><strong>%s</strong> asks to:</p>
                <ul>%s</ul>
                <form method="post" action="/oauth2/consent">
                <input type="hidden" name="csrf" value="%s">
                <input type="hidden" name="request" value="%s">
                <button type="submit" name="decision" value="allow">Allow</button>
                <button type="submit" name="decision" value="deny" class="secondary">Deny</button>
                </form>""".formatted(escape(username), escape(clientName), asks, escape(csrf), escape(request)));
    }

    private static String scopeWords(String scope) {
        return switch (scope) {
            case "openid" -> "Know who you are (your account id)";
            case "profile" -> "See your username and roles";
            case "email" -> "See your email address";
            case "offline_access" -> "Stay connected when you are away (a refresh token)";
            default -> "Use the permission \u201c" + scope + "\u201d";
        };
    }

    /** RP-initiated logout's confirmation: the application that asked, if known, and the button. */
    JsonReply endSession(String csrf, String username, Map<String, String> parameters, String redirect) {
        StringBuilder fields = new StringBuilder();
        for (Map.Entry<String, String> field : parameters.entrySet()) {
            fields.append("<input type=\"hidden\" name=\"").append(escape(field.getKey())).append("\" value=\"")
                    .append(escape(field.getValue())).append("\">");
        }
        return page(HttpResponseStatus.OK, "Sign out", redirect, """
                <p>Signed in as <strong>%s</strong>. An application asks to sign you out.</p>
                <form method="post" action="/oauth2/logout">
                <input type="hidden" name="csrf" value="%s">%s
                <button type="submit">Sign out</button>
                </form>""".formatted(escape(username), escape(csrf), fields));
    }

    /** A message with no form: an error a person can read. */
    JsonReply message(HttpResponseStatus status, String heading, String text) {
        return page(status, heading, "<p>" + escape(text) + "</p><p><a href=\"/login\">Sign in</a></p>");
    }

    private JsonReply page(HttpResponseStatus status, String heading, String body) {
        return page(status, heading, null, body);
    }

    /**
     * A page whose form may end in a redirect to {@code returnTo} (a return address, an authorization request on
     * this server, or a client's redirect URI): CSP's {@code form-action}, which Chromium applies to each redirect
     * after a form, names that origin too.
     */
    private JsonReply page(HttpResponseStatus status, String heading, String returnTo, String body) {
        String html = """
                <!doctype html>
                <html lang="en">
                <head>
                <meta charset="utf-8">
                <meta name="viewport" content="width=device-width, initial-scale=1">
                <title>%s · %s</title>
                <style>%s</style>
                </head>
                <body>
                <main>
                <p class="brand">%s</p>
                <h1>%s</h1>
                %s
                </main>
                </body>
                </html>
                """.formatted(escape(heading), escape(title), STYLE, brand, escape(heading), body);
        Map<String, String> headers = new LinkedHashMap<>();
        String target = formTarget(returnTo);
        headers.put("Content-Security-Policy", target == null ? csp : csp + ' ' + target);
        headers.put("X-Frame-Options", "DENY");
        headers.put("Referrer-Policy", "no-referrer");
        return new JsonReply(status, null, Map.copyOf(headers), true, false, // noStore: Cache-Control: no-store
                new JsonReply.Text("text/html; charset=utf-8", html.getBytes(StandardCharsets.UTF_8)));
    }

    /**
     * The {@code ui-logo-file} as a {@code data:} URL, read once at start; {@code null} for none.
     *
     * @throws io.netauth.core.config.InvalidSettingException for a missing, over-large or unknown kind of file
     */
    static String logoDataUrl(String path) {
        if (path.isEmpty()) {
            return null;
        }
        String lower = path.toLowerCase(java.util.Locale.ROOT);
        String type = lower.endsWith(".png") ? "image/png" : lower.endsWith(".svg") ? "image/svg+xml"
                : lower.endsWith(".jpg") || lower.endsWith(".jpeg") ? "image/jpeg" : null;
        if (type == null) {
            throw new io.netauth.core.config.InvalidSettingException("ui-logo-file", path,
                    "a .png, .jpg, .jpeg or .svg file");
        }
        byte[] bytes;
        try {
            java.nio.file.Path file = java.nio.file.Path.of(path);
            if (java.nio.file.Files.size(file) > MAX_LOGO_BYTES) {
                throw new io.netauth.core.config.InvalidSettingException("ui-logo-file", path, "at most 256 KiB");
            }
            bytes = java.nio.file.Files.readAllBytes(file);
        } catch (java.io.IOException e) {
            throw new io.netauth.core.config.InvalidSettingException("ui-logo-file", path, "a readable file");
        }
        return "data:" + type + ";base64," + Base64.getEncoder().encodeToString(bytes);
    }

    /**
     * The CSP source of where a form's redirects may end: the origin of an absolute http(s) address, the scheme of
     * a native app's, or, for an authorization request on this server, of its redirect URI. {@code null} for none.
     */
    static String formTarget(String returnTo) {
        if (returnTo == null) {
            return null;
        }
        if (returnTo.startsWith(AuthorizationEndpoints.AUTHORIZE + "?")) {
            List<String> uri = new io.netty.handler.codec.http.QueryStringDecoder(returnTo).parameters()
                    .get("redirect_uri");
            return uri == null || uri.size() != 1 || uri.get(0).startsWith("/") ? null : formTarget(uri.get(0));
        }
        try {
            java.net.URI uri = new java.net.URI(returnTo);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(java.util.Locale.ROOT);
            String source = scheme.equals("http") || scheme.equals("https")
                    ? uri.getHost() == null ? null : scheme + "://" + uri.getHost() + (uri.getPort() < 0 ? ""
                            : ":" + uri.getPort())
                    : scheme.isEmpty() ? null : scheme + ":";
            return source != null && source.matches("[a-z0-9.+-]+:(//[A-Za-z0-9.:\\[\\]-]+)?") ? source : null;
        } catch (java.net.URISyntaxException e) {
            return null;
        }
    }

    private static String hidden(String csrf, String rd) {
        return "<input type=\"hidden\" name=\"csrf\" value=\"" + escape(csrf) + "\">"
                + (rd == null ? "" : "<input type=\"hidden\" name=\"rd\" value=\"" + escape(rd) + "\">");
    }

    private static String errorBlock(String error) {
        return error == null ? "" : "<p class=\"error\" role=\"alert\">" + escape(error) + "</p>\n";
    }

    static String escape(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    private static String sha256(String text) {
        try {
            return "sha256-" + Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
