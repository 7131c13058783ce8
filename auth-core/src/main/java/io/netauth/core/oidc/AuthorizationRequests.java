package io.netauth.core.oidc;

import io.netauth.core.InvalidTokenException;
import io.netauth.core.client.Grants;
import io.netauth.core.client.OAuthClient;
import io.netauth.core.token.JwtTokens;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * The check of an authorization request's parameters (OpenID Connect Core section 3.1.2.1, RFC 6749 section
 * 4.1.1, RFC 7636 section 4.3): the client and its redirect URI first, whose failures are shown and never
 * redirected; then each parameter, whose failures go to the redirect URI. CPU only, given the client. Thread-safe.
 */
final class AuthorizationRequests {

    /** The scopes of a request that names none. */
    static final List<String> DEFAULT_SCOPES = List.of(Scopes.OPENID, Scopes.PROFILE, Scopes.EMAIL);
    /** RFC 7636 section 4.2: 43 to 128 unreserved characters. */
    private static final Pattern PKCE_VALUE = Pattern.compile("[A-Za-z0-9._~-]{43,128}");
    private static final Pattern SCOPE_TOKEN = Pattern.compile("[\\x21\\x23-\\x5B\\x5D-\\x7E]{1,128}");
    private static final Set<String> PROMPTS = Set.of("none", "login", "consent", "select_account");
    private static final int MAX_NONCE = 1024;

    private final JwtTokens tokens;

    AuthorizationRequests(JwtTokens tokens) {
        this.tokens = tokens;
    }

    AuthorizationRequest check(Map<String, List<String>> parameters,
            Function<String, Optional<OAuthClient>> lookup) {
        Map<String, String> single = new LinkedHashMap<>();
        String repeated = null;
        for (Map.Entry<String, List<String>> parameter : parameters.entrySet()) {
            List<String> values = parameter.getValue().stream().filter(v -> !v.isEmpty()).toList();
            if (values.size() > 1) {
                repeated = parameter.getKey();
            } else if (values.size() == 1) {
                single.put(parameter.getKey(), values.get(0));
            }
        }
        if ("client_id".equals(repeated) || "redirect_uri".equals(repeated)) {
            throw AuthorizationException.shown("The request repeats its " + repeated + ".");
        }
        String clientId = single.get("client_id");
        if (clientId == null) {
            throw AuthorizationException.shown("The request names no client (client_id).");
        }
        OAuthClient client = clientId.length() > 64 ? null : lookup.apply(clientId)
                .filter(c -> c.enabled() && c.codeFlow().enabled()).orElse(null);
        if (client == null) {
            throw AuthorizationException.shown("The application that sent you here is not registered.");
        }
        String redirectUri = single.get("redirect_uri");
        if (redirectUri == null || !client.codeFlow().redirectUris().contains(redirectUri)) {
            // Exact match (RFC 9700 section 4.1.3); Core 3.1.2.1 makes redirect_uri required.
            throw AuthorizationException.shown(redirectUri == null
                    ? "The application did not say where to return (redirect_uri)."
                    : "The application asked to return to an address it did not register.");
        }
        String state = single.get("state");
        if (repeated != null) {
            throw refused("invalid_request", "The parameter '" + printable(repeated) + "' is repeated.",
                    redirectUri, state);
        }
        if (single.containsKey("request")) {
            throw refused("request_not_supported", "Request objects are not supported.", redirectUri, state);
        }
        if (single.containsKey("request_uri")) {
            throw refused("request_uri_not_supported", "request_uri is not supported.", redirectUri, state);
        }
        String responseType = single.get("response_type");
        if (responseType == null) {
            throw refused("invalid_request", "response_type is required.", redirectUri, state);
        }
        if (!responseType.equals("code")) {
            throw refused("unsupported_response_type", "The only response_type offered is code.", redirectUri, state);
        }
        String responseMode = single.get("response_mode");
        if (responseMode != null && !responseMode.equals("query")) {
            throw refused("invalid_request", "The only response_mode offered is query.", redirectUri, state);
        }
        List<String> scopes = grantedScopes(client, single.get("scope"), redirectUri, state);
        Set<String> prompt = prompt(single.get("prompt"), redirectUri, state);
        Duration maxAge = maxAge(single.get("max_age"), redirectUri, state);
        String challenge = codeChallenge(client, single, redirectUri, state);
        String nonce = single.get("nonce");
        if (nonce != null && nonce.length() > MAX_NONCE) {
            throw refused("invalid_request", "The nonce is longer than " + MAX_NONCE + " characters.", redirectUri,
                    state);
        }
        String hintSubject = null;
        if (single.containsKey("id_token_hint")) {
            try {
                hintSubject = tokens.verifyIdTokenHint(single.get("id_token_hint")).subject();
            } catch (InvalidTokenException e) {
                throw refused("invalid_request", "The id_token_hint is not an ID token of this server.", redirectUri,
                        state);
            }
        }
        return new AuthorizationRequest(client, redirectUri, scopes, state, nonce, challenge, prompt, maxAge,
                single.get("login_hint"), hintSubject, single);
    }

    /**
     * RFC 6749 section 3.3: the scopes asked that this client may have. A scope the server does not know (such
     * as {@code address} or {@code phone}) is left out rather than refused; {@code offline_access} needs the
     * {@code refresh_token} grant (Core section 11).
     */
    private static List<String> grantedScopes(OAuthClient client, String scope, String redirectUri, String state) {
        if (scope == null) {
            // RFC 6749 section 3.3: a pre-defined default. Clients that send none (Spring Security among them,
            // unless told) mean to sign the user in.
            return DEFAULT_SCOPES;
        }
        Set<String> granted = new LinkedHashSet<>();
        for (String token : scope.split(" ")) {
            if (token.isEmpty()) {
                continue;
            }
            if (!SCOPE_TOKEN.matcher(token).matches()) {
                throw refused("invalid_scope", "The scope parameter is malformed.", redirectUri, state);
            }
            boolean standard = OidcProvider.STANDARD_SCOPES.contains(token)
                    && (!token.equals(Scopes.OFFLINE_ACCESS) || client.grantTypes().contains(Grants.REFRESH_TOKEN));
            if (standard || client.scopes().contains(token)) {
                granted.add(token);
            }
        }
        if (granted.isEmpty()) {
            throw refused("invalid_scope", "None of the scopes asked is offered to this client.", redirectUri, state);
        }
        return List.copyOf(granted);
    }

    private static Set<String> prompt(String prompt, String redirectUri, String state) {
        if (prompt == null) {
            return Set.of();
        }
        Set<String> values = new LinkedHashSet<>();
        for (String value : prompt.split(" ")) {
            if (!value.isEmpty() && !PROMPTS.contains(value)) {
                throw refused("invalid_request", "Unknown prompt value.", redirectUri, state);
            }
            if (!value.isEmpty()) {
                values.add(value);
            }
        }
        if (values.contains("none") && values.size() > 1) {
            // Core section 3.1.2.1: none with any other value is an error.
            throw refused("invalid_request", "prompt=none cannot be combined with other values.", redirectUri, state);
        }
        return values;
    }

    private static Duration maxAge(String maxAge, String redirectUri, String state) {
        if (maxAge == null) {
            return null;
        }
        try {
            long seconds = Long.parseLong(maxAge);
            if (seconds >= 0) {
                return Duration.ofSeconds(seconds);
            }
        } catch (NumberFormatException e) {
            // refused below
        }
        throw refused("invalid_request", "max_age is a number of seconds.", redirectUri, state);
    }

    /**
     * RFC 7636 section 4.3, with RFC 9700 section 2.1.1 and OAuth 2.1: S256 only, and required of every client,
     * confidential ones too, unless a confidential client was registered with PKCE optional.
     */
    private static String codeChallenge(OAuthClient client, Map<String, String> single, String redirectUri,
            String state) {
        String challenge = single.get("code_challenge");
        String method = single.get("code_challenge_method");
        if (challenge == null) {
            if (method != null) {
                throw refused("invalid_request", "code_challenge_method without a code_challenge.", redirectUri, state);
            }
            if (!client.codeFlow().pkceOptional()) {
                throw refused("invalid_request", "This client must use PKCE (code_challenge with S256).",
                        redirectUri, state);
            }
            return null;
        }
        if (!"S256".equals(method)) {
            // An absent method means plain (RFC 7636 section 4.3), which is refused too.
            throw refused("invalid_request", "code_challenge_method must be S256.", redirectUri, state);
        }
        if (!PKCE_VALUE.matcher(challenge).matches()) {
            throw refused("invalid_request", "The code_challenge is malformed.", redirectUri, state);
        }
        return challenge;
    }

    private static AuthorizationException refused(String error, String description, String redirectUri,
            String state) {
        return OidcProvider.refused(error, description, redirectUri, state);
    }

    private static String printable(String name) {
        return name.length() > 64 || !name.matches("[A-Za-z0-9_.-]*") ? "(unprintable)" : name;
    }
}
