package io.netauth.server.internal;

import io.netauth.core.AuthenticationService;
import io.netauth.core.Passwords;
import io.netauth.core.Usernames;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionStage;

/**
 * {@code POST /auth/register} (only with {@code self-registration=true}): {@code {"username", "password"}} makes
 * an enabled user without roles and answers 201 with its first tokens. Not API.
 */
public final class RegisterEndpoint implements Endpoint {

    private static final Set<String> FIELDS = Set.of("username", "password");

    private final AuthenticationService service;
    private final ClientAddresses clients;

    public RegisterEndpoint(AuthenticationService service, ClientAddresses clients) {
        this.service = service;
        this.clients = clients;
    }

    @Override
    public CompletionStage<JsonReply> serve(ChannelHandlerContext ctx, FullHttpRequest request) {
        MediaTypes.requireJson(request);
        Map<String, String> body = JsonFields.read(request.content(), FIELDS);
        String username = TokenRequests.requiredField(body, "username", Usernames.MAX_LENGTH);
        String password = TokenRequests.requiredField(body, "password", Passwords.MAX_LENGTH * 4);
        return service.register(username, password, clients.clientOf(ctx.channel(), request))
                .thenApply(grant -> TokenRequests.grantReply(grant).withStatus(HttpResponseStatus.CREATED));
    }
}
