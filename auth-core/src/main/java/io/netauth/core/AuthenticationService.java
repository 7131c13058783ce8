package io.netauth.core;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs logins, refreshes and logouts, each step on the executor made for it, and never blocks the caller.
 *
 * <p>A login: look the user up on the {@code blockingExecutor}; check the password and sign the access token
 * on the {@code hashingExecutor} (and, when the stored hash is weaker than the policy, hash it again in the
 * same task); then, on the {@code blockingExecutor}, start the refresh token family and write the rehash
 * with a compare-and-set. An unknown user, a wrong password and a disabled account all cost one hash and
 * end in the same {@link InvalidCredentialsException}: an unknown user's password is checked against a dummy
 * hash made at construction with the current policy.
 *
 * <p>A refresh or a logout is database work and one signature, so it runs whole on the
 * {@code blockingExecutor}: it never waits behind password hashes. Thread-safe.
 */
public final class AuthenticationService {

    private static final Logger log = LoggerFactory.getLogger(AuthenticationService.class);

    private final CredentialStore store;
    private final PasswordHasher hasher;
    private final TokenIssuer issuer;
    private final RefreshTokenRotation refreshTokens;
    private final Executor blockingExecutor;
    private final Executor hashingExecutor;
    private final String dummyHash;

    /** Makes one hash (the dummy), so construct it at start, off any event loop. */
    public AuthenticationService(CredentialStore store, PasswordHasher hasher, TokenIssuer issuer,
            RefreshTokenRotation refreshTokens, Executor blockingExecutor, Executor hashingExecutor) {
        this.store = Objects.requireNonNull(store, "store");
        this.hasher = Objects.requireNonNull(hasher, "hasher");
        this.issuer = Objects.requireNonNull(issuer, "issuer");
        this.refreshTokens = Objects.requireNonNull(refreshTokens, "refreshTokens");
        this.blockingExecutor = Objects.requireNonNull(blockingExecutor, "blockingExecutor");
        this.hashingExecutor = Objects.requireNonNull(hashingExecutor, "hashingExecutor");
        byte[] unguessable = new byte[24];
        new SecureRandom().nextBytes(unguessable);
        this.dummyHash = hasher.hash(Base64.getEncoder().encodeToString(unguessable));
    }

    /**
     * Logs a user in. The future fails with {@link InvalidCredentialsException}, {@link OverloadedException}
     * when a pool refuses the work, or {@link StoreUnavailableException} when the store cannot answer.
     */
    public CompletableFuture<TokenGrant> login(String username, String password) {
        String normalized = Usernames.normalize(username);
        CompletableFuture<Verified> verified;
        try {
            verified = CompletableFuture
                    .supplyAsync(() -> store.findByUsername(normalized), blockingExecutor)
                    .thenApplyAsync(found -> verify(found, password), hashingExecutor);
        } catch (RejectedExecutionException e) {
            return CompletableFuture.failedFuture(new OverloadedException("blockingExecutor"));
        }
        return verified
                .thenCompose(v -> blocking(() -> finishLogin(v)))
                .handle(AuthenticationService::translateFailure);
    }

    /**
     * Exchanges a refresh token for a new access token and a new refresh token. Fails with
     * {@link InvalidTokenException} for a token that is unknown, expired, revoked or spent, or whose account
     * is gone or disabled.
     */
    public CompletableFuture<TokenGrant> refresh(String refreshToken) {
        return blocking(() -> {
            RefreshTokenRotation.Rotated rotated = refreshTokens.rotate(refreshToken);
            Optional<UserAccount> account = store.findById(rotated.userId());
            if (account.isEmpty() || !account.get().enabled()) {
                refreshTokens.revokeUser(rotated.userId());
                throw new InvalidTokenException("account_disabled");
            }
            return new TokenGrant(issuer.issue(account.get()), rotated.refreshToken());
        }).handle(AuthenticationService::translateFailure);
    }

    /** Ends the session (the refresh token family) of the token; an unknown token is no error. */
    public CompletableFuture<Void> logout(String refreshToken) {
        return blocking(() -> {
            refreshTokens.revoke(refreshToken);
            return (Void) null;
        }).handle(AuthenticationService::translateFailure);
    }

    /** Runs on the hashing executor: one hash whatever the outcome, then the token, then any rehash. */
    private Verified verify(Optional<StoredCredential> found, String password) {
        if (found.isEmpty()) {
            hasher.verify(password, dummyHash);
            throw new InvalidCredentialsException();
        }
        StoredCredential credential = found.get();
        boolean matches;
        try {
            matches = hasher.verify(password, credential.passwordHash());
        } catch (IllegalArgumentException e) {
            log.warn("Stored password hash of user {} is unreadable: {}", credential.account().id(), e.getMessage());
            throw new InvalidCredentialsException();
        }
        if (!matches || !credential.account().enabled()) {
            throw new InvalidCredentialsException();
        }
        IssuedToken token = issuer.issue(credential.account());
        String rehash = hasher.needsRehash(credential.passwordHash()) ? hasher.hash(password) : null;
        return new Verified(credential, token, rehash);
    }

    /** Runs on the blocking executor: the rehash write (which may fail harmlessly), then the session. */
    private TokenGrant finishLogin(Verified v) {
        if (v.rehash != null) {
            String userId = v.credential.account().id();
            try {
                if (!store.replacePasswordHash(userId, v.credential.passwordHash(), v.rehash)) {
                    log.info("Rehash of user {} skipped: the hash changed meanwhile", userId);
                }
            } catch (RuntimeException e) {
                log.warn("Rehash of user {} failed; the login stands: {}", userId, e.toString());
            }
        }
        return new TokenGrant(v.token, refreshTokens.start(v.credential.account().id()));
    }

    private <T> CompletableFuture<T> blocking(Supplier<T> work) {
        try {
            return CompletableFuture.supplyAsync(work, blockingExecutor);
        } catch (RejectedExecutionException e) {
            return CompletableFuture.failedFuture(new OverloadedException("blockingExecutor"));
        }
    }

    private static <T> T translateFailure(T result, Throwable failure) {
        if (failure == null) {
            return result;
        }
        Throwable cause = failure;
        while (cause instanceof CompletionException && cause.getCause() != null) {
            cause = cause.getCause();
        }
        if (cause instanceof RejectedExecutionException) {
            throw new OverloadedException("hashingExecutor");
        }
        if (cause instanceof RuntimeException runtime) {
            throw runtime;
        }
        throw new CompletionException(cause);
    }

    private record Verified(StoredCredential credential, IssuedToken token, String rehash) {
    }
}
