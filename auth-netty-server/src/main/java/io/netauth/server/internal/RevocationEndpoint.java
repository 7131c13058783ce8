package io.netauth.server.internal;

import io.netauth.core.client.OAuthService;
import java.util.concurrent.CompletionStage;

/**
 * {@code POST /oauth2/revoke} (RFC 7009): 200 with an empty body for every well-formed request from an
 * authenticated client, whether or not the token was known (section 2.2). Not API.
 */
public final class RevocationEndpoint implements OAuthFormEndpoint.Handler {

    private final OAuthService oauth;

    public RevocationEndpoint(OAuthService oauth) {
        this.oauth = oauth;
    }

    @Override
    public CompletionStage<JsonReply> handle(OAuthForm form, String address) {
        return oauth.revoke(form.credentials(), form.required("token"), address)
                .thenApply(done -> JsonReply.text("text/plain; charset=utf-8", new byte[0]));
    }
}
