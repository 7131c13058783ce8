package io.netauth.core.mfa;

import io.netauth.core.InvalidTokenException;
import io.netauth.core.LoginThrottle;
import io.netauth.core.TooManyAttemptsException;
import io.netauth.core.UserAccount;
import io.netauth.core.config.CoreSettings;
import io.netauth.core.config.Settings;
import io.netauth.core.internal.Failures;
import io.netauth.core.internal.Offload;
import io.netauth.core.internal.OpaqueTokens;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

/**
 * The policy of second factors, free of HTTP: TOTP enrolment, confirmation and removal, recovery codes, the MFA
 * token between a login's two steps, and the {@code mfa-required-roles} rule. Each code is checked against the
 * login throttle under a key of its own per account, so that guessing codes is slowed exactly as guessing
 * passwords is, and a correct password does not reset the count of wrong codes. A code is accepted once: the
 * store records the step it belongs to with a conditional write, on every process.
 *
 * <p>Store work runs on the {@code blockingExecutor}; an HMAC is microseconds, so codes are checked there too.
 * Nothing here blocks its caller. Thread-safe.
 */
public final class SecondFactors {

    /** How long an MFA token lets its second step be made. */
    public static final Duration CHALLENGE_LIFETIME = Duration.ofMinutes(5);
    /** The ways to complete a login's second step. */
    public static final List<String> LOGIN_METHODS = List.of("totp", "recovery_code");
    /** What an enrolment token allows. */
    public static final List<String> ENROL_METHODS = List.of("totp_enrolment");
    /** Throttle keys of codes start with a control character, which no username may contain. */
    private static final String THROTTLE_PREFIX = "\u0001totp ";

    private final MfaStore store;
    private final LoginThrottle throttle;
    private final Executor blockingExecutor;
    private final Clock clock;
    private final Set<String> requiredRoles;
    private final String issuerName;
    private final Totp totp = new Totp();
    private final RecoveryCodes recoveryCodes = new RecoveryCodes();
    private final SecureRandom random = new SecureRandom();

    /**
     * @param throttle the login throttle, shared with the password check
     * @param settings {@code mfa-required-roles}, and {@code issuer}, whose host name labels the factor in apps
     * @throws IllegalStateException when {@code store} cannot seal MFA tokens (a store without keys), so that a
     *                               server refuses to start rather than fail the first login with a factor
     */
    public SecondFactors(MfaStore store, LoginThrottle throttle, Executor blockingExecutor, Settings settings,
            Clock clock) {
        this.store = Objects.requireNonNull(store, "store");
        store.sealChallenge(new MfaStore.Challenge("probe", "probe", MfaStore.Challenge.Purpose.LOGIN,
                clock.instant())); // writes nothing: an encryption, once
        this.throttle = Objects.requireNonNull(throttle, "throttle");
        this.blockingExecutor = Objects.requireNonNull(blockingExecutor, "blockingExecutor");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.requiredRoles = Set.copyOf(settings.get(CoreSettings.MFA_REQUIRED_ROLES));
        this.issuerName = URI.create(settings.get(CoreSettings.ISSUER)).getHost();
    }

    /** Whether a user without a factor must enrol one before signing in: a role of theirs requires it. */
    public boolean enrolmentRequired(UserAccount account) {
        return !requiredRoles.isEmpty() && account.roles().stream().anyMatch(requiredRoles::contains);
    }

    /**
     * Opens the second step of a login whose password was right, or the enrolment a role requires: answers the
     * failure that carries a new MFA token to the user. The token is sealed, so nothing is written: a challenge
     * becomes state only when it is spent.
     */
    public MfaRequiredException challenge(String userId, boolean enrolment) {
        return challenge(userId, enrolment, null);
    }

    /**
     * As {@link #challenge(String, boolean)}, for the sign-in of the browser {@code browser} (a digest of its
     * pre-session cookie): the token completes in that browser only, and {@code null} makes one of the JSON API,
     * which completes through the API only. So a token obtained one way cannot finish a sign-in the other way, or
     * in another browser.
     */
    public MfaRequiredException challenge(String userId, boolean enrolment, String browser) {
        String token = store.sealChallenge(new MfaStore.Challenge(OpaqueTokens.newToken(), userId,
                enrolment ? MfaStore.Challenge.Purpose.ENROL : MfaStore.Challenge.Purpose.LOGIN,
                clock.instant().plus(CHALLENGE_LIFETIME), browser));
        return new MfaRequiredException(token, enrolment ? ENROL_METHODS : LOGIN_METHODS, CHALLENGE_LIFETIME,
                enrolment);
    }

    /**
     * The second step of a login: the MFA token and either a TOTP code or a recovery code. Answers the user id
     * once the code is accepted and the token spent. Fails with {@link InvalidTokenException}
     * for an unknown, spent or expired token, {@link InvalidCodeException} for a wrong or used code and
     * {@link TooManyAttemptsException} when the account's codes are throttled; a wrong code leaves the token
     * valid, to be tried again.
     */
    public CompletableFuture<String> completeLogin(String mfaToken, String code, String recoveryCode,
            String client) {
        return completeLogin(mfaToken, code, recoveryCode, client, null);
    }

    /** As {@link #completeLogin(String, String, String, String)}, in the browser the token is bound to. */
    public CompletableFuture<String> completeLogin(String mfaToken, String code, String recoveryCode,
            String client, String browser) {
        return challengeOf(mfaToken, MfaStore.Challenge.Purpose.LOGIN, browser).thenCompose(challenge -> {
            String userId = challenge.userId();
            return throttled(userId, client, () -> {
                try {
                    return secondStep(challenge, code, recoveryCode);
                } catch (InvalidCodeException e) {
                    // Only a refused code asks whether the token was spent: the way to a success reads nothing more.
                    if (store.challengeSpent(challenge.id())) {
                        throw new InvalidTokenException("mfa_token_spent");
                    }
                    throw e;
                }
            });
        });
    }

    /** Checks the code of a second step, then accepts it and spends the challenge in one transaction. */
    private String secondStep(MfaStore.Challenge challenge, String code, String recoveryCode) {
        String userId = challenge.userId();
        long step = -1;
        String recoveryDigest = null;
        if (recoveryCode != null) {
            recoveryDigest = RecoveryCodes.digest(userId, recoveryCode);
            if (recoveryDigest == null) {
                throw new InvalidCodeException();
            }
        } else {
            MfaStore.Factor factor = confirmedFactor(userId).orElseThrow(InvalidCodeException::new);
            step = matchingStep(factor, code);
            if (step <= factor.lastStep()) {
                throw new InvalidCodeException();
            }
        }
        switch (store.completeChallenge(challenge, step, recoveryDigest, clock.instant())) {
            case CODE_REFUSED -> throw new InvalidCodeException();
            case CHALLENGE_SPENT -> throw new InvalidTokenException("mfa_token_spent");
            default -> {
                return userId;
            }
        }
    }

    /** The user an enrolment token was given to, while it is unspent and unexpired. */
    public CompletableFuture<String> enrollingUser(String mfaToken) {
        return enrollingUser(mfaToken, null);
    }

    /** As {@link #enrollingUser(String)}, in the browser the token is bound to ({@code null}: the JSON API). */
    public CompletableFuture<String> enrollingUser(String mfaToken, String browser) {
        return challengeOf(mfaToken, MfaStore.Challenge.Purpose.ENROL, browser).thenCompose(challenge ->
                Offload.to(blockingExecutor, "blockingExecutor", () -> {
                    if (store.challengeSpent(challenge.id())) {
                        throw new InvalidTokenException("mfa_token_spent");
                    }
                    return challenge.userId();
                }));
    }

    /**
     * Starts enrolling a TOTP factor: a new 160-bit secret, stored sealed and waiting for its first code (a factor
     * that waits is replaced). Fails with {@link MfaStateException} when the user has a confirmed factor.
     */
    public CompletableFuture<TotpEnrolment> begin(UserAccount account) {
        return Offload.to(blockingExecutor, "blockingExecutor", () -> {
            byte[] secret = new byte[Totp.SECRET_BYTES];
            random.nextBytes(secret);
            if (!store.savePendingTotp(account.id(), secret, clock.instant())) {
                throw new MfaStateException("A TOTP factor is already active; remove it before enrolling again.");
            }
            return enrolment(account, secret);
        });
    }

    /**
     * The enrolment that waits for its first code, shown again (after a mistyped code, the app already holds
     * this secret). Fails with {@link MfaStateException} when none waits.
     */
    public CompletableFuture<TotpEnrolment> pending(UserAccount account) {
        return Offload.to(blockingExecutor, "blockingExecutor", () -> store.findTotp(account.id())
                .filter(f -> !f.confirmed()).map(f -> enrolment(account, f.secret()))
                .orElseThrow(() -> new MfaStateException("No TOTP enrolment waits for confirmation.")));
    }

    private TotpEnrolment enrolment(UserAccount account, byte[] secret) {
        String uri = Totp.otpauthUri(issuerName, account.username(), secret);
        return new TotpEnrolment(Totp.base32(secret), uri, QrSvg.of(uri, "QR code for " + issuerName));
    }

    /**
     * Activates the waiting factor with a correct code (throttled as a login's code) and answers its
     * {@value RecoveryCodes#COUNT} recovery codes, which are shown this once. With {@code enrolmentToken}, which
     * is spent, the enrolment that a role required ends here.
     */
    public CompletableFuture<List<String>> confirm(String userId, String code, String enrolmentToken,
            String client) {
        return throttled(userId, client, () -> {
            MfaStore.Factor factor = store.findTotp(userId).filter(f -> !f.confirmed()).orElseThrow(() ->
                    new MfaStateException("No TOTP enrolment waits for confirmation."));
            long step = matchingStep(factor, code);
            List<String> codes = recoveryCodes.generate();
            if (enrolmentToken != null) {
                spend(enrolmentToken);
            }
            if (!store.confirmTotp(userId, step, codes.stream().map(c -> RecoveryCodes.digest(userId, c)).toList(),
                    clock.instant())) {
                throw new InvalidCodeException(); // confirmed meanwhile by another request
            }
            return codes;
        });
    }

    /** Removes the user's factor with a correct code (throttled); fails with {@link MfaStateException} without one. */
    public CompletableFuture<Void> remove(String userId, String code, String client) {
        return throttled(userId, client, () -> {
            MfaStore.Factor factor = confirmedFactor(userId).orElseThrow(() ->
                    new MfaStateException("No TOTP factor is active."));
            acceptCode(userId, factor, code);
            store.removeTotp(userId);
            return null;
        });
    }

    /** Replaces every recovery code of the user's factor, answering the new ones, shown this once. */
    public CompletableFuture<List<String>> renewRecoveryCodes(String userId) {
        return Offload.to(blockingExecutor, "blockingExecutor", () -> {
            List<String> codes = recoveryCodes.generate();
            if (!store.replaceRecoveryCodes(userId, codes.stream().map(c -> RecoveryCodes.digest(userId, c))
                    .toList())) {
                throw new MfaStateException("No TOTP factor is active.");
            }
            return codes;
        });
    }

    /** Whether the user has a confirmed factor. */
    public CompletableFuture<Boolean> hasFactor(String userId) {
        return Offload.to(blockingExecutor, "blockingExecutor", () -> confirmedFactor(userId).isPresent());
    }

    /** Removes a user's factor and codes, as an administrator may; answers whether there was one. Blocking. */
    public boolean reset(String userId) {
        return store.removeTotp(userId);
    }

    /** Forgets spent MFA tokens once they expired; blocking, so call it from a background thread. */
    public int purgeExpired() {
        return store.purgeChallenges(clock.instant());
    }

    /**
     * The unexpired challenge of {@code purpose} that a token carries, bound to {@code browser} (or, for
     * {@code null}, to none). Opening it is an AES-GCM decryption of a hundred bytes, so it runs on the caller's
     * thread; whether it was spent is known when it is spent.
     */
    private CompletableFuture<MfaStore.Challenge> challengeOf(String mfaToken, MfaStore.Challenge.Purpose purpose,
            String browser) {
        byte[] expected = (browser == null ? "" : browser).getBytes(java.nio.charset.StandardCharsets.UTF_8);
        return store.openChallenge(mfaToken)
                .filter(c -> c.purpose() == purpose && clock.instant().isBefore(c.expiresAt()))
                .filter(c -> java.security.MessageDigest.isEqual(expected,
                        c.browser().getBytes(java.nio.charset.StandardCharsets.UTF_8)))
                .map(CompletableFuture::completedFuture)
                .orElseGet(() -> CompletableFuture.failedFuture(new InvalidTokenException("mfa_token")));
    }

    private void spend(String mfaToken) {
        MfaStore.Challenge challenge = store.openChallenge(mfaToken).orElseThrow(() ->
                new InvalidTokenException("mfa_token"));
        if (!clock.instant().isBefore(challenge.expiresAt()) || !store.spendChallenge(challenge, clock.instant())) {
            throw new InvalidTokenException("mfa_token_spent");
        }
    }

    private Optional<MfaStore.Factor> confirmedFactor(String userId) {
        return store.findTotp(userId).filter(MfaStore.Factor::confirmed);
    }

    /** Checks a code of a confirmed factor and records its step, so that it is never accepted again. */
    private void acceptCode(String userId, MfaStore.Factor factor, String code) {
        long step = matchingStep(factor, code);
        if (step <= factor.lastStep() || !store.acceptStep(userId, step)) {
            throw new InvalidCodeException();
        }
    }

    private long matchingStep(MfaStore.Factor factor, String code) {
        OptionalLong step = totp.matchingStep(factor.secret(), code, clock.instant());
        if (step.isEmpty()) {
            throw new InvalidCodeException();
        }
        return step.getAsLong();
    }

    /**
     * Runs one code check on the blocking executor, admitted by the throttle under the account's code key: a
     * success resets the key, a wrong code stays counted, and a check that never ran is given back.
     */
    private <T> CompletableFuture<T> throttled(String userId, String client, Supplier<T> check) {
        String key = THROTTLE_PREFIX + userId;
        return throttle.admit(key, client).toCompletableFuture().thenCompose(wait -> {
            if (!wait.isZero()) {
                return CompletableFuture.<T>failedFuture(new TooManyAttemptsException(wait));
            }
            return Offload.to(blockingExecutor, "blockingExecutor", check::get).handle((value, failure) -> {
                Throwable cause = failure == null ? null : Failures.cause(failure);
                CompletableFuture<Void> told = cause == null ? throttle.succeeded(key, client).toCompletableFuture()
                        : cause instanceof InvalidCodeException ? CompletableFuture.completedFuture(null)
                        : throttle.unchecked(key, client).toCompletableFuture();
                return told.handle((done, ignored) -> {
                    if (cause != null) {
                        throw Failures.rethrowable(cause);
                    }
                    return value;
                });
            }).thenCompose(settled -> settled);
        });
    }
}
