package io.netauth.server.internal;

import io.netauth.core.TokenGrant;
import io.netauth.core.client.ClientGrant;
import io.netauth.core.client.Grants;
import io.netauth.core.client.OAuthError;
import io.netauth.core.client.OAuthException;
import io.netauth.core.client.OAuthService;
import java.util.Map;
import java.util.concurrent.CompletionStage;

/**
 * {@code POST /oauth2/token}: the {@code client_credentials} and {@code refresh_token} grants (RFC 6749 sections
 * 4.4 and 6). The password grant is not offered (RFC 9700 section 2.4). Answers carry
 * {@code Cache-Control: no-store} and {@code Pragma: no-cache} (section 5.1). Not API.
 */
public final class OAuthTokenEndpoint implements OAuthFormEndpoint.Handler {

    private static final Map<String, String> NO_CACHE = Map.of("Pragma", "no-cache");

    private final OAuthService oauth;

    public OAuthTokenEndpoint(OAuthService oauth) {
        this.oauth = oauth;
    }

    @Override
    public CompletionStage<JsonReply> handle(OAuthForm form, String address) {
        String grantType = form.required("grant_type");
        return switch (grantType) {
            case Grants.CLIENT_CREDENTIALS -> oauth.clientCredentials(form.credentials(), form.get("scope"),
                    form.all("resource"), address).thenApply(OAuthTokenEndpoint::clientGrantReply);
            case Grants.REFRESH_TOKEN -> oauth.refresh(form.credentials(), form.required("refresh_token"), form.get("scope"),
                    address).thenApply(OAuthTokenEndpoint::refreshReply);
            case Grants.AUTHORIZATION_CODE -> oauth.authorizationCode(form.credentials(), form.required("code"),
                    form.required("redirect_uri"), form.get("code_verifier"), address)
                    .thenApply(OAuthTokenEndpoint::codeReply);
            default -> throw new OAuthException(OAuthError.UNSUPPORTED_GRANT_TYPE,
                    "The grant types offered are authorization_code, client_credentials and refresh_token.");
        };
    }

    private static JsonReply clientGrantReply(ClientGrant grant) {
        return JsonReply.secret(json -> {
            json.writeStartObject();
            json.writeStringField("access_token", grant.accessToken().value());
            json.writeStringField("token_type", "Bearer");
            json.writeNumberField("expires_in", grant.accessToken().expiresInSeconds());
            if (!grant.scopes().isEmpty()) {
                json.writeStringField("scope", String.join(" ", grant.scopes()));
            }
            json.writeEndObject();
        }).withHeaders(NO_CACHE);
    }

    /** RFC 6749 section 5.1 and OpenID Connect Core section 3.1.3.3. */
    private static JsonReply codeReply(io.netauth.core.oidc.CodeGrant grant) {
        return JsonReply.secret(json -> {
            json.writeStartObject();
            json.writeStringField("access_token", grant.accessToken().value());
            json.writeStringField("token_type", "Bearer");
            json.writeNumberField("expires_in", grant.accessToken().expiresInSeconds());
            json.writeStringField("scope", String.join(" ", grant.scopes()));
            if (grant.idToken() != null) {
                json.writeStringField("id_token", grant.idToken());
            }
            if (grant.refreshToken() != null) {
                json.writeStringField("refresh_token", grant.refreshToken());
            }
            json.writeEndObject();
        }).withHeaders(NO_CACHE);
    }

    private static JsonReply refreshReply(TokenGrant grant) {
        return JsonReply.secret(json -> {
            json.writeStartObject();
            json.writeStringField("access_token", grant.accessToken().value());
            json.writeStringField("token_type", "Bearer");
            json.writeNumberField("expires_in", grant.accessToken().expiresInSeconds());
            json.writeStringField("refresh_token", grant.refreshToken());
            json.writeEndObject();
        }).withHeaders(NO_CACHE);
    }
}
