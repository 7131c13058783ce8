package io.netauth.server.internal;

import io.netauth.core.AuthenticationService;
import io.netauth.core.Passwords;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.FullHttpRequest;
import java.util.concurrent.CompletionStage;

/**
 * {@code POST /auth}: decodes the JSON body, makes one call into the core's login policy (admission, throttle,
 * password check, accounting and audit all live there) and encodes the tokens. Not API.
 */
public final class LoginEndpoint implements Endpoint {

    private final AuthenticationService logins;
    private final ClientAddresses clients;

    public LoginEndpoint(AuthenticationService logins, ClientAddresses clients) {
        this.logins = logins;
        this.clients = clients;
    }

    @Override
    public CompletionStage<JsonReply> serve(ChannelHandlerContext ctx, FullHttpRequest request) {
        TokenRequests.UsernameAndPassword given = TokenRequests.usernameAndPassword(request, Passwords.MAX_LENGTH);
        return logins.login(given.username(), given.password(), clients.clientOf(ctx.channel(), request))
                .thenApply(TokenRequests::grantReply);
    }
}
