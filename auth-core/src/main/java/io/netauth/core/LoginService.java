package io.netauth.core;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a login: look the user up on the {@code blockingExecutor}, check the password and sign the token on
 * the {@code hashingExecutor}, and, when the stored hash is weaker than the policy, rehash it on the same
 * CPU task and write it back with a compare-and-set on the {@code blockingExecutor}.
 *
 * <p>An unknown user, a wrong password and a disabled account all cost one hash and end in the same
 * {@link InvalidCredentialsException}: an unknown user's password is checked against a dummy hash made at
 * construction with the current policy. Thread-safe; never blocks the calling thread.
 */
public final class LoginService {

    private static final Logger log = LoggerFactory.getLogger(LoginService.class);

    private final CredentialStore store;
    private final PasswordHasher hasher;
    private final TokenIssuer issuer;
    private final Executor blockingExecutor;
    private final Executor hashingExecutor;
    private final String dummyHash;

    /** Makes one hash (the dummy), so construct it at start, off any event loop. */
    public LoginService(CredentialStore store, PasswordHasher hasher, TokenIssuer issuer,
            Executor blockingExecutor, Executor hashingExecutor) {
        this.store = Objects.requireNonNull(store, "store");
        this.hasher = Objects.requireNonNull(hasher, "hasher");
        this.issuer = Objects.requireNonNull(issuer, "issuer");
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
    public CompletableFuture<IssuedToken> login(String username, String password) {
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
                .thenCompose(this::writeRehash)
                .handle(LoginService::translateFailure);
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

    private CompletableFuture<IssuedToken> writeRehash(Verified v) {
        if (v.rehash == null) {
            return CompletableFuture.completedFuture(v.token);
        }
        String userId = v.credential.account().id();
        try {
            return CompletableFuture
                    .supplyAsync(() -> store.replacePasswordHash(userId, v.credential.passwordHash(), v.rehash),
                            blockingExecutor)
                    .handle((replaced, failure) -> {
                        if (failure != null) {
                            log.warn("Rehash of user {} failed; the login stands: {}", userId,
                                    unwrap(failure).toString());
                        } else if (!replaced) {
                            log.info("Rehash of user {} skipped: the hash changed meanwhile", userId);
                        }
                        return v.token;
                    });
        } catch (RejectedExecutionException e) {
            log.warn("Rehash of user {} skipped: blockingExecutor is full; the login stands", userId);
            return CompletableFuture.completedFuture(v.token);
        }
    }

    private static IssuedToken translateFailure(IssuedToken token, Throwable failure) {
        if (failure == null) {
            return token;
        }
        Throwable cause = unwrap(failure);
        if (cause instanceof RejectedExecutionException) {
            throw new OverloadedException("hashingExecutor");
        }
        if (cause instanceof RuntimeException runtime) {
            throw runtime;
        }
        throw new CompletionException(cause);
    }

    private static Throwable unwrap(Throwable failure) {
        Throwable cause = failure;
        while (cause instanceof CompletionException && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }

    private record Verified(StoredCredential credential, IssuedToken token, String rehash) {
    }
}
