package io.netauth.server.internal;

import io.netauth.core.TokenGrant;
import io.netauth.core.client.ClientGrant;
import io.netauth.core.client.Grants;
import io.netauth.core.client.OAuthError;
import io.netauth.core.client.OAuthException;
import io.netauth.core.client.OAuthService;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.FullHttpRequest;
import java.util.Map;
import java.util.concurrent.CompletionStage;

/**
 * {@code POST /oauth2/token}: the {@code client_credentials} and {@code refresh_token} grants (RFC 6749 sections
 * 4.4 and 6). The password grant is not offered (RFC 9700 section 2.4). Answers carry
 * {@code Cache-Control: no-store} and {@code Pragma: no-cache} (section 5.1). Not API.
 */
public final class OAuthTokenEndpoint implements Endpoint {

    private static final Map<String, String> NO_CACHE = Map.of("Pragma", "no-cache");

    private final OAuthService oauth;
    private final ClientAddresses addresses;

    public OAuthTokenEndpoint(OAuthService oauth, ClientAddresses addresses) {
        this.oauth = oauth;
        this.addresses = addresses;
    }

    @Override
    public CompletionStage<JsonReply> serve(ChannelHandlerContext ctx, FullHttpRequest request) {
        String address = addresses.clientOf(ctx.channel(), request);
        return OAuthReplies.serve(OAuthForm.triesBasic(request), () -> {
            OAuthForm f = OAuthForm.read(request);
            String grantType = f.required("grant_type");
            return switch (grantType) {
                case Grants.CLIENT_CREDENTIALS -> oauth.clientCredentials(f.credentials(), f.get("scope"),
                        f.all("resource"), address).thenApply(OAuthTokenEndpoint::clientGrantReply);
                case Grants.REFRESH_TOKEN -> oauth.refresh(f.credentials(), f.required("refresh_token"), f.get("scope"),
                        address).thenApply(OAuthTokenEndpoint::refreshReply);
                default -> throw new OAuthException(OAuthError.UNSUPPORTED_GRANT_TYPE,
                        "The grant types offered are client_credentials and refresh_token.");
            };
        });
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
