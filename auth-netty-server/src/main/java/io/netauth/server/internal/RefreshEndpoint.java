package io.netauth.server.internal;

import io.netauth.core.AuthenticationService;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.FullHttpRequest;
import java.util.concurrent.CompletionStage;

/** {@code POST /auth/refresh}: spends a refresh token for new tokens. Not API. */
public final class RefreshEndpoint implements Endpoint {

    private final AuthenticationService service;
    private final ClientAddresses clients;

    public RefreshEndpoint(AuthenticationService service, ClientAddresses clients) {
        this.service = service;
        this.clients = clients;
    }

    @Override
    public CompletionStage<JsonReply> serve(ChannelHandlerContext ctx, FullHttpRequest request) {
        return service.refresh(TokenRequests.refreshToken(request), clients.clientOf(ctx.channel(), request))
                .thenApply(TokenRequests::grantReply);
    }
}
