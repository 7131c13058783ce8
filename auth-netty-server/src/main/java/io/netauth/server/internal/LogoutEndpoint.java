package io.netauth.server.internal;

import io.netauth.core.AuthenticationService;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.FullHttpRequest;
import java.util.concurrent.CompletionStage;

/**
 * {@code POST /auth/logout}: ends the session of a refresh token. Any well-formed body answers 204, known
 * token or not, so the endpoint tells nobody which tokens exist. Not API.
 */
public final class LogoutEndpoint implements Endpoint {

    private final AuthenticationService service;

    public LogoutEndpoint(AuthenticationService service) {
        this.service = service;
    }

    @Override
    public CompletionStage<JsonReply> serve(ChannelHandlerContext ctx, FullHttpRequest request) {
        return service.logout(TokenRequests.refreshToken(request)).thenApply(done -> JsonReply.noContent());
    }
}
