package io.netauth.server.internal;

import io.netauth.core.client.OAuthService;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.FullHttpRequest;
import java.util.concurrent.CompletionStage;

/**
 * {@code POST /oauth2/revoke} (RFC 7009): 200 with an empty body for every well-formed request from an
 * authenticated client, whether or not the token was known (section 2.2). Not API.
 */
public final class RevocationEndpoint implements Endpoint {

    private final OAuthService oauth;
    private final ClientAddresses addresses;

    public RevocationEndpoint(OAuthService oauth, ClientAddresses addresses) {
        this.oauth = oauth;
        this.addresses = addresses;
    }

    @Override
    public CompletionStage<JsonReply> serve(ChannelHandlerContext ctx, FullHttpRequest request) {
        String address = addresses.clientOf(ctx.channel(), request);
        return OAuthReplies.serve(OAuthForm.triesBasic(request), () -> {
            OAuthForm form = OAuthForm.read(request);
            return oauth.revoke(form.credentials(), form.required("token"), address)
                    .thenApply(done -> JsonReply.text("text/plain; charset=utf-8", new byte[0]));
        });
    }
}
