package io.netauth.server.internal;

import io.netauth.core.AuthenticationService;
import io.netauth.core.InvalidCredentialsException;
import io.netauth.core.LoginThrottle;
import io.netauth.core.OverloadedException;
import io.netauth.core.Usernames;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.FullHttpRequest;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.function.BooleanSupplier;

/**
 * {@code POST /auth}: checks the body, refuses at once when the hashing queue is already full (before the
 * throttle or the user lookup touch the database, so that a login flood does not become a database flood),
 * refuses a throttled account or client before any hash is computed, runs the login and answers the access
 * and refresh tokens. Not API.
 */
public final class LoginEndpoint implements Endpoint {

    static final int MAX_USERNAME_LENGTH = 256;
    static final int MAX_PASSWORD_LENGTH = 1024;
    private static final String USERNAME = "username";
    private static final String PASSWORD = "password";
    private static final Set<String> FIELDS = Set.of(USERNAME, PASSWORD);

    private final AuthenticationService logins;
    private final LoginThrottle throttle;
    private final ClientAddresses clients;
    private final LoginAudit audit;
    private final BooleanSupplier hashingHasRoom;

    public LoginEndpoint(AuthenticationService logins, LoginThrottle throttle, ClientAddresses clients,
            LoginAudit audit, BooleanSupplier hashingHasRoom) {
        this.logins = logins;
        this.throttle = throttle;
        this.clients = clients;
        this.audit = audit;
        this.hashingHasRoom = hashingHasRoom;
    }

    @Override
    public CompletionStage<JsonReply> serve(ChannelHandlerContext ctx, FullHttpRequest request) {
        MediaTypes.requireJson(request);
        Map<String, String> body = JsonFields.read(request.content(), FIELDS);
        String username = TokenRequests.requiredField(body, USERNAME, MAX_USERNAME_LENGTH);
        String password = TokenRequests.requiredField(body, PASSWORD, MAX_PASSWORD_LENGTH);
        String account = Usernames.normalize(username);
        String client = clients.clientOf(ctx.channel(), request);
        if (!hashingHasRoom.getAsBoolean()) {
            audit.login(LoginAudit.Outcome.OVERLOADED, account, client);
            return CompletableFuture.failedFuture(new OverloadedException("hashingExecutor"));
        }
        return throttle.retryAfter(account, client).thenCompose(wait -> {
            if (!wait.isZero()) {
                audit.login(LoginAudit.Outcome.THROTTLED, account, client);
                long seconds = Math.max(1, (wait.toMillis() + 999) / 1000);
                throw new ApiException(ApiError.TOO_MANY_ATTEMPTS, "Too many failed attempts; retry later.",
                        Map.of("Retry-After", Long.toString(seconds)));
            }
            return login(username, password, account, client);
        });
    }

    private CompletionStage<JsonReply> login(String username, String password, String account, String client) {
        return logins.login(username, password).handle((grant, failure) -> {
            Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                    ? failure.getCause() : failure;
            audit.login(LoginAudit.Outcome.of(cause), account, client);
            if (cause == null) {
                throttle.succeeded(account);
                return TokenRequests.grantReply(grant);
            }
            if (cause instanceof InvalidCredentialsException) {
                throttle.failed(account, client);
            }
            throw ErrorMapper.propagate(cause);
        });
    }
}
