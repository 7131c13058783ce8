package io.netauth.server.internal;

import io.netauth.core.AuthenticationService;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.FullHttpRequest;
import java.util.concurrent.CompletionStage;

/** {@code POST /auth/refresh}: spends a refresh token for new tokens. Not API. */
public final class RefreshEndpoint implements Endpoint {

    private final AuthenticationService service;
    private final ClientAddresses clients;
    private final LoginAudit audit;

    public RefreshEndpoint(AuthenticationService service, ClientAddresses clients, LoginAudit audit) {
        this.service = service;
        this.clients = clients;
        this.audit = audit;
    }

    @Override
    public CompletionStage<JsonReply> serve(ChannelHandlerContext ctx, FullHttpRequest request) {
        String client = clients.clientOf(ctx.channel(), request);
        return service.refresh(TokenRequests.refreshToken(request)).handle((grant, failure) -> {
            audit.refresh(client, failure);
            if (failure != null) {
                throw ErrorMapper.propagate(failure);
            }
            return TokenRequests.grantReply(grant);
        });
    }
}
