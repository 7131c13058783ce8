package io.netauth.server.internal;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.FullHttpRequest;
import java.util.concurrent.CompletionStage;

/**
 * An {@code /oauth2} endpoint: reads the form body and the client's credentials ({@link OAuthForm}), hands them
 * with the caller's address to its {@link Handler}, and answers every failure in the OAuth error family
 * ({@link OAuthReplies}). Not API.
 */
public final class OAuthFormEndpoint implements Endpoint {

    /** What one endpoint does with a decoded request. */
    @FunctionalInterface
    public interface Handler {
        CompletionStage<JsonReply> handle(OAuthForm form, String address);
    }

    private final ClientAddresses addresses;
    private final Handler handler;

    public OAuthFormEndpoint(ClientAddresses addresses, Handler handler) {
        this.addresses = addresses;
        this.handler = handler;
    }

    @Override
    public CompletionStage<JsonReply> serve(ChannelHandlerContext ctx, FullHttpRequest request) {
        String address = addresses.clientOf(ctx.channel(), request);
        return OAuthReplies.serve(OAuthForm.triesBasic(request), () -> handler.handle(OAuthForm.read(request), address));
    }
}
