package io.netauth.server.internal;

import io.netauth.core.InvalidTokenException;
import io.netauth.core.TokenVerifier;
import io.netauth.core.UserAccount;
import io.netauth.core.VerifiedToken;
import io.netauth.core.internal.CurrentAccounts;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpMethod;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * Who may call the admin API: a valid bearer token with the admin role, whose account still exists, is enabled and
 * holds the role now (401 without a valid token or for a disabled or deleted account, 403 without the role, in the
 * token or now). The account is read through {@link CurrentAccounts}, which the change feed keeps fresh, so a
 * demotion or a disable on any process reaches this check within {@code revocation-sync-interval}. Thread-safe.
 * Not API.
 */
final class AdminAccess {

    private static final Map<String, String> INVALID_TOKEN = Map.of("WWW-Authenticate",
            "Bearer error=\"invalid_token\"");

    private final TokenVerifier verifier;
    private final String adminRole;
    private final CurrentAccounts accounts;

    AdminAccess(TokenVerifier verifier, String adminRole, CurrentAccounts accounts) {
        this.verifier = verifier;
        this.adminRole = adminRole;
        this.accounts = accounts;
    }

    /**
     * Checks the token, then decodes the request with {@code decode} at once (the request is released when the
     * endpoint returns), then checks the account and only then runs what {@code decode} answered. A request that
     * fails to decode is answered after the account check, so that a former admin learns nothing from it.
     */
    CompletionStage<JsonReply> serve(FullHttpRequest request,
            java.util.function.Function<VerifiedToken, Supplier<CompletionStage<JsonReply>>> decode) {
        VerifiedToken token = authenticate(request);
        Supplier<CompletionStage<JsonReply>> action;
        try {
            action = decode.apply(token);
        } catch (RuntimeException e) {
            action = () -> CompletableFuture.failedFuture(e);
        }
        Supplier<CompletionStage<JsonReply>> decoded = action;
        return accounts.find(token.subject()).thenCompose(account -> {
            authorize(account);
            return decoded.get();
        });
    }

    /** The token's checks, on the caller's thread: valid, and carrying the admin role. */
    private VerifiedToken authenticate(FullHttpRequest request) {
        VerifiedToken token;
        try {
            token = verifier.verify(BearerTokens.of(request));
        } catch (InvalidTokenException e) {
            throw new ApiException(ApiError.INVALID_TOKEN, "The admin API needs a valid bearer token.", INVALID_TOKEN);
        }
        if (!token.roles().contains(adminRole)) {
            throw new ApiException(ApiError.FORBIDDEN, "The token lacks the admin role.");
        }
        return token;
    }

    /** The account's checks, as it is now. */
    private void authorize(Optional<UserAccount> account) {
        if (account.isEmpty() || !account.get().enabled()) {
            throw new ApiException(ApiError.INVALID_TOKEN, "The account of this token is disabled or deleted.",
                    INVALID_TOKEN);
        }
        if (!account.get().roles().contains(adminRole)) {
            throw new ApiException(ApiError.FORBIDDEN, "The account no longer has the admin role.");
        }
    }

    static void requireMethod(HttpMethod actual, HttpMethod expected) {
        if (!expected.equals(actual)) {
            throw new ApiException(ApiError.METHOD_NOT_ALLOWED, "This path does not accept " + actual.name() + '.',
                    Map.of("Allow", expected.name()));
        }
    }
}
