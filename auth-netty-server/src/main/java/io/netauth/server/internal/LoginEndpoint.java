package io.netauth.server.internal;

import io.netauth.core.AuthenticationService;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.FullHttpRequest;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionStage;

/** {@code POST /auth}: checks the body, runs the login and answers the access and refresh tokens. Not API. */
public final class LoginEndpoint implements Endpoint {

    static final int MAX_USERNAME_LENGTH = 256;
    static final int MAX_PASSWORD_LENGTH = 1024;
    private static final String USERNAME = "username";
    private static final String PASSWORD = "password";
    private static final Set<String> FIELDS = Set.of(USERNAME, PASSWORD);

    private final AuthenticationService logins;
    private final LoginAudit audit;

    public LoginEndpoint(AuthenticationService logins, LoginAudit audit) {
        this.logins = logins;
        this.audit = audit;
    }

    @Override
    public CompletionStage<JsonReply> serve(ChannelHandlerContext ctx, FullHttpRequest request) {
        MediaTypes.requireJson(request);
        Map<String, String> body = JsonFields.read(request.content(), FIELDS);
        String username = TokenRequests.requiredField(body, USERNAME, MAX_USERNAME_LENGTH);
        String password = TokenRequests.requiredField(body, PASSWORD, MAX_PASSWORD_LENGTH);
        String client = audit.clientOf(ctx);
        return logins.login(username, password).handle((grant, failure) -> {
            audit.record(username, client, failure);
            if (failure != null) {
                throw ErrorMapper.propagate(failure);
            }
            return TokenRequests.grantReply(grant);
        });
    }
}
