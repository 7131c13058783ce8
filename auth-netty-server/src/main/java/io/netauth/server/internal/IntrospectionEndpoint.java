package io.netauth.server.internal;

import io.netauth.core.client.Introspection;
import io.netauth.core.client.OAuthService;
import java.util.concurrent.CompletionStage;

/**
 * {@code POST /oauth2/introspect} (RFC 7662): {@code {"active": false}}, or the active token's members. The
 * {@code token_type_hint} is only a hint (section 2.1); both kinds are recognised by their shape. Not API.
 */
public final class IntrospectionEndpoint implements OAuthFormEndpoint.Handler {

    private final OAuthService oauth;
    private final String issuer;

    public IntrospectionEndpoint(OAuthService oauth, String issuer) {
        this.oauth = oauth;
        this.issuer = issuer;
    }

    @Override
    public CompletionStage<JsonReply> handle(OAuthForm form, String address) {
        return oauth.introspect(form.credentials(), form.required("token"), address)
                .thenApply(this::reply);
    }

    private JsonReply reply(Introspection token) {
        return JsonReply.secret(json -> {
            json.writeStartObject();
            json.writeBooleanField("active", token.active());
            if (token.active()) {
                if (!token.scopes().isEmpty()) {
                    json.writeStringField("scope", String.join(" ", token.scopes()));
                }
                if (token.clientId() != null) {
                    json.writeStringField("client_id", token.clientId());
                }
                if (token.username() != null) {
                    json.writeStringField("username", token.username());
                }
                json.writeStringField("token_type", Introspection.ACCESS_TOKEN.equals(token.tokenType())
                        ? "Bearer" : Introspection.REFRESH_TOKEN);
                json.writeNumberField("exp", token.expiresAt().getEpochSecond());
                if (token.issuedAt() != null) {
                    json.writeNumberField("iat", token.issuedAt().getEpochSecond());
                }
                json.writeStringField("sub", token.subject());
                if (!token.audience().isEmpty()) {
                    JsonReply.writeStrings(json, "aud", token.audience());
                }
                json.writeStringField("iss", issuer);
                if (token.tokenId() != null) {
                    json.writeStringField("jti", token.tokenId());
                }
            }
            json.writeEndObject();
        });
    }
}
