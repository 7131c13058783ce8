package io.netauth.server.internal;

import io.netauth.core.AuthenticationService;
import io.netauth.core.Passwords;
import io.netauth.core.TokenVerifier;
import io.netauth.core.VerifiedToken;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.FullHttpRequest;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionStage;

/**
 * {@code POST /auth/password}: the signed-in user (a user's bearer access token) changes their password with
 * {@code {"current_password", "new_password"}}; one call into the core, which checks the current password as a
 * login does, applies the policy, ends every session and answers fresh tokens. Not API.
 */
public final class PasswordChangeEndpoint implements Endpoint {

    private static final Set<String> FIELDS = Set.of("current_password", "new_password");

    private final AuthenticationService service;
    private final TokenVerifier verifier;
    private final ClientAddresses clients;

    public PasswordChangeEndpoint(AuthenticationService service, TokenVerifier verifier, ClientAddresses clients) {
        this.service = service;
        this.verifier = verifier;
        this.clients = clients;
    }

    @Override
    public CompletionStage<JsonReply> serve(ChannelHandlerContext ctx, FullHttpRequest request) {
        VerifiedToken user = BearerTokens.user(verifier, request);
        MediaTypes.requireJson(request);
        Map<String, String> body = JsonFields.read(request.content(), FIELDS);
        String current = TokenRequests.requiredField(body, "current_password", Passwords.MAX_LENGTH);
        String fresh = TokenRequests.requiredField(body, "new_password", Passwords.MAX_LENGTH * 4);
        return service.changePassword(user.subject(), user.amr(), current, fresh, clients.clientOf(ctx.channel(), request))
                .thenApply(TokenRequests::grantReply);
    }
}
