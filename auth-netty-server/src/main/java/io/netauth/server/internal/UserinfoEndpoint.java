package io.netauth.server.internal;

import io.netauth.core.InvalidTokenException;
import io.netauth.core.client.OAuthError;
import io.netauth.core.client.OAuthException;
import io.netauth.core.internal.Failures;
import io.netauth.core.oidc.OidcProvider;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * {@code GET/POST /oauth2/userinfo} (OpenID Connect Core section 5.3): the claims an access token's scopes allow.
 * The token comes in the {@code Authorization} header (RFC 6750 section 2.1) or, on a POST, as the form field
 * {@code access_token} (section 2.2), never both (section 2). Failures carry the {@code WWW-Authenticate}
 * challenge of section 3: no token, {@code invalid_token} or {@code insufficient_scope}. Not API.
 */
final class UserinfoEndpoint implements Endpoint {

    static final String PATH = "/oauth2/userinfo";

    private final OidcProvider oidc;

    UserinfoEndpoint(OidcProvider oidc) {
        this.oidc = oidc;
    }

    @Override
    public CompletionStage<JsonReply> serve(ChannelHandlerContext ctx, FullHttpRequest request) {
        String token;
        try {
            token = token(request);
        } catch (OAuthException e) {
            return CompletableFuture.completedFuture(OAuthReplies.error(HttpResponseStatus.BAD_REQUEST,
                    e.error().code(), e.getMessage(), Map.of("WWW-Authenticate",
                            "Bearer error=\"invalid_request\"")));
        }
        if (token == null) {
            return CompletableFuture.completedFuture(OAuthReplies.error(HttpResponseStatus.UNAUTHORIZED,
                    "invalid_token", "A bearer access token is required.", Map.of("WWW-Authenticate", "Bearer")));
        }
        return oidc.userinfo(token).thenApply(claims -> JsonReply.secret(json -> {
            json.writeStartObject();
            for (Map.Entry<String, Object> claim : claims.entrySet()) {
                if (claim.getValue() instanceof List<?> values) {
                    JsonReply.writeStrings(json, claim.getKey(), values.stream().map(String::valueOf).toList());
                } else {
                    json.writeObjectField(claim.getKey(), claim.getValue()); // strings, numbers and booleans
                }
            }
            json.writeEndObject();
        })).exceptionally(failure -> {
            Throwable cause = Failures.cause(failure);
            if (cause instanceof InvalidTokenException) {
                return OAuthReplies.error(HttpResponseStatus.UNAUTHORIZED, "invalid_token",
                        "The access token is invalid, expired or revoked.",
                        Map.of("WWW-Authenticate", "Bearer error=\"invalid_token\""));
            }
            if (cause instanceof OAuthException oauth && oauth.error() == OAuthError.INSUFFICIENT_SCOPE) {
                return OAuthReplies.error(HttpResponseStatus.FORBIDDEN, oauth.error().code(), oauth.getMessage(),
                        Map.of("WWW-Authenticate", "Bearer error=\"insufficient_scope\", scope=\"openid\""));
            }
            return OAuthReplies.toReply(cause, false);
        });
    }

    /** The one token of the request, or {@code null} without one. */
    private static String token(FullHttpRequest request) {
        String header = request.headers().get(HttpHeaderNames.AUTHORIZATION);
        String fromHeader = null;
        if (header != null) {
            try {
                fromHeader = BearerTokens.of(request);
            } catch (InvalidTokenException e) {
                throw new OAuthException(OAuthError.INVALID_REQUEST, "The Authorization header is not a bearer token.");
            }
        }
        String fromBody = null;
        String type = request.headers().get(HttpHeaderNames.CONTENT_TYPE);
        if (request.method().equals(HttpMethod.POST) && type != null
                && type.toLowerCase(java.util.Locale.ROOT).startsWith("application/x-www-form-urlencoded")) {
            List<String> values;
            try {
                values = BrowserEndpoints.formParameters(request, 16).get("access_token");
            } catch (ApiException e) {
                throw new OAuthException(OAuthError.INVALID_REQUEST, "The body is not valid form encoding.");
            }
            if (values != null && values.size() > 1) {
                throw new OAuthException(OAuthError.INVALID_REQUEST, "access_token is repeated.");
            }
            fromBody = values == null ? null : values.get(0);
        }
        if (fromHeader != null && fromBody != null) {
            throw new OAuthException(OAuthError.INVALID_REQUEST, "The token was sent in more than one way.");
        }
        return fromHeader != null ? fromHeader : fromBody;
    }
}
