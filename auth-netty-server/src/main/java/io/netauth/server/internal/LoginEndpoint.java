package io.netauth.server.internal;

import io.netauth.core.AuthenticationService;
import io.netauth.core.Passwords;
import io.netauth.core.Usernames;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.FullHttpRequest;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionStage;

/**
 * {@code POST /auth}: decodes the JSON body, makes one call into the core's login policy (admission, throttle,
 * password check, accounting and audit all live there) and encodes the tokens. Not API.
 */
public final class LoginEndpoint implements Endpoint {

    private static final String USERNAME = "username";
    private static final String PASSWORD = "password";
    private static final Set<String> FIELDS = Set.of(USERNAME, PASSWORD);

    private final AuthenticationService logins;
    private final ClientAddresses clients;

    public LoginEndpoint(AuthenticationService logins, ClientAddresses clients) {
        this.logins = logins;
        this.clients = clients;
    }

    @Override
    public CompletionStage<JsonReply> serve(ChannelHandlerContext ctx, FullHttpRequest request) {
        MediaTypes.requireJson(request);
        Map<String, String> body = JsonFields.read(request.content(), FIELDS);
        String username = TokenRequests.requiredField(body, USERNAME, Usernames.MAX_LENGTH);
        String password = TokenRequests.requiredField(body, PASSWORD, Passwords.MAX_LENGTH);
        return logins.login(username, password, clients.clientOf(ctx.channel(), request))
                .thenApply(TokenRequests::grantReply);
    }
}
