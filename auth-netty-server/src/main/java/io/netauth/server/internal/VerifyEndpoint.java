package io.netauth.server.internal;

import io.netauth.core.InvalidTokenException;
import io.netauth.core.TokenVerifier;
import io.netauth.core.VerifiedToken;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import java.nio.charset.StandardCharsets;
import io.netauth.core.session.Session;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.slf4j.LoggerFactory;

/**
 * {@code GET} and {@code HEAD /auth/verify}: checks the bearer token of the request for a gateway (nginx's
 * {@code auth_request}) or a service. A token, good or bad, gets only 200 (the claims, and {@code X-Auth-*}
 * headers) or 401 with {@code WWW-Authenticate} (RFC 6750), never 5xx: nginx turns any other status of an
 * {@code auth_request} into a 500 for the user. The one exception is deliberate: a query the gateway's
 * configuration got wrong ({@link VerifyQuery}) is 400 {@code invalid_request}, which nginx shows as a 500, so
 * that a requirement with a typo locks the location instead of silently letting everyone through. Runs on the
 * event loop: a cache lookup, or one signature check. Not API.
 */
public final class VerifyEndpoint implements Endpoint {

    private static final RepeatedErrors repeated = new RepeatedErrors(LoggerFactory.getLogger(VerifyEndpoint.class));

    private final TokenVerifier verifier;
    private final String realm;
    private final Function<FullHttpRequest, CompletableFuture<Optional<Session>>> sessions;
    private final String loginUrl;
    private final String sessionAudience;

    /** {@code /auth/verify} for bearer tokens only. */
    public VerifyEndpoint(TokenVerifier verifier, String realm) {
        this(verifier, realm, null, null, null);
    }

    /**
     * @param sessions the browser session of a request's cookie, or {@code null} without sessions
     * @param loginUrl for {@code /auth/forward}: where a browser without a session is sent; {@code null} for
     *                 {@code /auth/verify}, which answers only 200 or 401
     * @param sessionAudience the configured audience: the only {@code audience} a session cookie meets
     */
    VerifyEndpoint(TokenVerifier verifier, String realm,
            Function<FullHttpRequest, CompletableFuture<Optional<Session>>> sessions, String loginUrl,
            String sessionAudience) {
        this.verifier = verifier;
        this.realm = realm.replace("\"", "");
        this.sessions = sessions;
        this.loginUrl = loginUrl;
        this.sessionAudience = sessionAudience;
    }

    @Override
    public CompletionStage<JsonReply> serve(ChannelHandlerContext ctx, FullHttpRequest request) {
        VerifyQuery query;
        try {
            query = VerifyQuery.parse(request.uri());
        } catch (VerifyQuery.Refused e) {
            // A gateway's configuration error: refusing it fails closed (nginx makes it a 500 for the user).
            return CompletableFuture.completedFuture(JsonReply.error(ApiError.INVALID_REQUEST, e.getMessage(),
                    Map.of()));
        }
        if (!request.headers().contains(HttpHeaderNames.AUTHORIZATION)) {
            if (sessions != null) {
                // A session stands for tokens of the configured audience only: another audience is not met.
                boolean audienceMet = query.audience() == null || query.audience().equals(sessionAudience);
                return sessions.apply(request).thenApply(session -> session
                        .filter(s -> audienceMet && s.amr().containsAll(query.amr())).map(s -> ok(s))
                        .orElseGet(() -> unauthenticated(request)));
            }
            return CompletableFuture.completedFuture(unauthenticated(request));
        }
        try {
            String token = BearerTokens.of(request);
            VerifiedToken verified = query.audience() == null ? verifier.verify(token)
                    : verifier.verify(token, query.audience());
            if (!verified.amr().containsAll(query.amr())) {
                // RFC 9470 section 3: valid, but the user did not sign in strongly enough for this resource.
                return CompletableFuture.completedFuture(unauthorized("Bearer realm=\"" + realm
                        + "\", error=\"insufficient_user_authentication\"",
                        "This resource needs a stronger sign-in (a second factor)."));
            }
            return CompletableFuture.completedFuture(ok(verified));
        } catch (InvalidTokenException e) {
            return CompletableFuture.completedFuture(invalid());
        } catch (RuntimeException e) {
            repeated.error("Token verification failed unexpectedly; answering 401", e);
            return CompletableFuture.completedFuture(invalid());
        }
    }

    /**
     * No credentials: 401 with RFC 6750 section 3.1's challenge (no error code); on {@code /auth/forward}, a
     * browser ({@code Accept: text/html}) is sent to the sign-in page instead, with the address it asked for as
     * {@code rd}, rebuilt from the proxy's {@code X-Forwarded-Proto}, {@code -Host} and {@code -Uri}.
     */
    private JsonReply unauthenticated(FullHttpRequest request) {
        String accept = request.headers().get(HttpHeaderNames.ACCEPT);
        if (loginUrl != null && accept != null && accept.contains("text/html")) {
            String host = request.headers().get("X-Forwarded-Host");
            String target = loginUrl;
            if (host != null && !host.isBlank()) {
                String proto = request.headers().get("X-Forwarded-Proto", "https");
                String uri = request.headers().get("X-Forwarded-Uri", "/");
                target = loginUrl + "?rd=" + java.net.URLEncoder.encode(proto + "://" + host + uri,
                        StandardCharsets.UTF_8);
            }
            return new JsonReply(io.netty.handler.codec.http.HttpResponseStatus.FOUND, null,
                    Map.of("Location", target), true, false);
        }
        return unauthorized("Bearer realm=\"" + realm + "\"", "The request carries no bearer token.");
    }

    private JsonReply invalid() {
        return unauthorized("Bearer realm=\"" + realm + "\", error=\"invalid_token\"",
                "The token is invalid or expired.");
    }

    private static JsonReply unauthorized(String challenge, String message) {
        return JsonReply.error(ApiError.INVALID_TOKEN, message, Map.of("WWW-Authenticate", challenge));
    }

    private static JsonReply ok(VerifiedToken token) {
        return JsonReply.ok(json -> {
            json.writeStartObject();
            json.writeStringField("sub", token.subject());
            json.writeStringField("preferred_username", token.username());
            JsonReply.writeStrings(json, "roles", token.roles());
            if (!token.amr().isEmpty()) {
                JsonReply.writeStrings(json, "amr", token.amr());
            }
            json.writeStringField("iss", token.issuer());
            JsonReply.writeStrings(json, "aud", token.audience());
            if (token.issuedAt() != null) {
                json.writeNumberField("iat", token.issuedAt().getEpochSecond());
            }
            json.writeNumberField("exp", token.expiresAt().getEpochSecond());
            if (token.tokenId() != null) {
                json.writeStringField("jti", token.tokenId());
            }
            if (token.clientId() != null) {
                json.writeStringField("client_id", token.clientId());
                json.writeStringField("scope", String.join(" ", token.scopes()));
            }
            json.writeEndObject();
        }).withHeaders(headers(token));
    }

    /** A browser session's answer: the headers of its user's access token. */
    private static JsonReply ok(Session session) {
        io.netauth.core.UserAccount user = session.account();
        return JsonReply.ok(json -> {
            json.writeStartObject();
            json.writeStringField("sub", user.id());
            json.writeStringField("preferred_username", user.username());
            JsonReply.writeStrings(json, "roles", user.roles());
            JsonReply.writeStrings(json, "amr", session.amr());
            json.writeNumberField("auth_time", session.authTime().getEpochSecond());
            json.writeEndObject();
        }).withHeaders(Map.of(
                "X-Auth-Subject", IdentityHeaders.encode(user.id()),
                "X-Auth-Username", IdentityHeaders.encode(user.username()),
                "X-Auth-Roles", IdentityHeaders.encode(String.join(",", user.roles())),
                "X-Auth-AMR", IdentityHeaders.encode(String.join(",", session.amr()))));
    }

    /** For a client's own token the subject is the client id, and the client and its scopes are named too. */
    private static Map<String, String> headers(VerifiedToken token) {
        if (token.clientId() == null) {
            return Map.of(
                    "X-Auth-Subject", IdentityHeaders.encode(token.subject()),
                    "X-Auth-Username", IdentityHeaders.encode(token.username()),
                    "X-Auth-Roles", IdentityHeaders.encode(String.join(",", token.roles())),
                    "X-Auth-AMR", IdentityHeaders.encode(String.join(",", token.amr())));
        }
        return Map.of(
                "X-Auth-Subject", IdentityHeaders.encode(token.subject()),
                "X-Auth-Username", IdentityHeaders.encode(token.username()),
                "X-Auth-Roles", IdentityHeaders.encode(String.join(",", token.roles())),
                "X-Auth-Client", IdentityHeaders.encode(token.clientId()),
                "X-Auth-Scopes", IdentityHeaders.encode(String.join(" ", token.scopes())));
    }
}
