package io.netauth.server.internal;

import io.netauth.core.AuthenticationService;
import io.netauth.core.Passwords;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.concurrent.CompletionStage;

/**
 * {@code POST /auth/register} (only with {@code self-registration=true}): {@code {"username", "password"}} makes
 * an enabled user without roles and answers 201 with its first tokens. Not API.
 */
public final class RegisterEndpoint implements Endpoint {

    private final AuthenticationService service;
    private final ClientAddresses clients;

    public RegisterEndpoint(AuthenticationService service, ClientAddresses clients) {
        this.service = service;
        this.clients = clients;
    }

    @Override
    public CompletionStage<JsonReply> serve(ChannelHandlerContext ctx, FullHttpRequest request) {
        // A new password longer than the maximum gets the policy's reason, not a bare invalid_request.
        TokenRequests.UsernameAndPassword given = TokenRequests.usernameAndPassword(request, Passwords.MAX_LENGTH * 4);
        return service.register(given.username(), given.password(), clients.clientOf(ctx.channel(), request))
                .thenApply(grant -> TokenRequests.grantReply(grant).withStatus(HttpResponseStatus.CREATED));
    }
}
