package io.netauth.core;

import io.netauth.core.internal.Offload;
import io.netauth.core.config.Settings;
import io.netauth.core.internal.Failures;
import io.netauth.core.mfa.InvalidCodeException;
import io.netauth.core.mfa.MfaRequiredException;
import io.netauth.core.mfa.MfaStateException;
import io.netauth.core.mfa.SecondFactors;
import io.netauth.core.mfa.TotpConfirmation;
import io.netauth.core.mfa.TotpEnrolment;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The whole login policy behind one call each, free of HTTP: an application that embeds the core gets the
 * same admission, throttling, accounting and audit as the server. Never blocks the caller.
 *
 * <p>A login: refused at once when the hashing pool has no room (before the throttle or the user lookup touch
 * the database, so that a flood does not become a database flood); refused with
 * {@link TooManyAttemptsException} when the account or the client address is throttled, before any hash is
 * computed; otherwise the user is looked up on the {@code blockingExecutor}, the password checked and the
 * access token signed on the {@code hashingExecutor} (rehashing a weaker stored hash in the same task), and
 * the refresh token family started, and the rehash written with a compare-and-set, on the
 * {@code blockingExecutor}. An unknown user, a wrong password and a disabled account all cost one hash and end
 * in the same {@link InvalidCredentialsException}: an unknown user's password is checked against the
 * hasher's {@link PasswordHasher#unmatchableHash()}, taken at construction. Every outcome is counted, written
 * to the audit log and reported to the throttle.
 *
 * <p>A refresh or a logout is database work and one signature, so it runs whole on the {@code blockingExecutor}:
 * it never waits behind password hashes. Thread-safe.
 */
public final class AuthenticationService {

    private static final Logger log = LoggerFactory.getLogger(AuthenticationService.class);

    private final CredentialStore store;
    private final PasswordHasher hasher;
    private final TokenIssuer signer;
    private final RefreshTokenRotation refreshTokens;
    private final LoginThrottle throttle;
    private final Executor blockingExecutor;
    private final Executor hashingExecutor;
    private final BooleanSupplier hashingHasRoom;
    private final LoginAudit audit;
    private final String dummyHash;
    private final PasswordPolicy policy;
    private final UserDirectory directory;
    private final SecondFactors secondFactors;
    private final io.netauth.core.session.BrowserSessions browserSessions;

    private AuthenticationService(Builder b) {
        this.store = Objects.requireNonNull(b.store, "credentialStore");
        this.hasher = Objects.requireNonNull(b.hasher, "passwordHasher");
        this.signer = Objects.requireNonNull(b.signer, "signer");
        this.refreshTokens = new RefreshTokenRotation(Objects.requireNonNull(b.refreshTokenStore,
                "refreshTokenStore"), b.settings, b.clock);
        this.blockingExecutor = Objects.requireNonNull(b.blockingExecutor, "blockingExecutor");
        this.hashingExecutor = Objects.requireNonNull(b.hashingExecutor, "hashingExecutor");
        this.hashingHasRoom = b.hashingHasRoom;
        this.throttle = b.throttle != null ? b.throttle : new InMemoryLoginThrottle(b.settings, b.clock);
        this.audit = new LoginAudit(b.settings);
        this.policy = b.policy != null ? b.policy : PasswordPolicy.from(b.settings);
        this.directory = b.directory;
        this.secondFactors = b.secondFactors == null ? null : b.secondFactors.apply(throttle);
        this.browserSessions = b.browserSessions;
        this.dummyHash = hasher.unmatchableHash();
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Logs a user in from {@code client} (an address, for throttling and the audit line). The future fails with
     * {@link InvalidCredentialsException}, {@link TooManyAttemptsException}, {@link OverloadedException} when a
     * pool refuses the work, or {@link StoreUnavailableException} when the store cannot answer.
     */
    public CompletableFuture<TokenGrant> login(String username, String password, String client) {
        return checkPassword(username, password, client, this::signsAtOnce,
                v -> Offload.to(blockingExecutor, "blockingExecutor", () -> finishLogin(v)));
    }

    /**
     * A browser's sign-in: the same policy as {@link #login} (admission, throttle, one hash, accounting, audit,
     * the second step when one is due), answering the account instead of tokens, for a session to be started.
     */
    public CompletableFuture<UserAccount> signIn(String username, String password, String client) {
        return signIn(username, password, client, null);
    }

    /**
     * As {@link #signIn(String, String, String)} in the browser {@code browser}: a digest of the pre-session cookie
     * that its sign-in forms are tied to. The MFA token of a second step is bound to it, so it completes in this
     * browser and nowhere else; {@code null} binds it to the JSON API instead.
     */
    public CompletableFuture<UserAccount> signIn(String username, String password, String client, String browser) {
        return checkPassword(username, password, client, c -> null,
                v -> Offload.to(blockingExecutor, "blockingExecutor", () -> afterPassword(v, browser).account()));
    }

    /** A browser's second step: as {@link #completeLogin}, answering the account, enabled, for a session. */
    public CompletableFuture<UserAccount> completeSignIn(String mfaToken, String code, String recoveryCode,
            String client) {
        return completeSignIn(mfaToken, code, recoveryCode, client, null);
    }

    /**
     * As {@link #completeSignIn(String, String, String, String)}, in the browser its MFA token is bound to: a
     * token of another browser, or of the JSON API, is an {@link InvalidTokenException}.
     */
    public CompletableFuture<UserAccount> completeSignIn(String mfaToken, String code, String recoveryCode,
            String client, String browser) {
        SecondFactors factors = requireSecondFactors();
        return audited(factors.completeLogin(mfaToken, code, recoveryCode, client, browser)
                .thenCompose(userId -> Offload.to(blockingExecutor, "blockingExecutor", () -> activeAccount(userId))),
                client);
    }

    /**
     * As {@link #confirmTotpAndSignIn}, for a browser, which starts a session of its own: answers the recovery
     * codes and the account, without tokens.
     */
    public CompletableFuture<TotpConfirmation> confirmTotpForSignIn(String enrolmentToken, String code,
            String client) {
        return confirmTotpForSignIn(enrolmentToken, code, client, null);
    }

    /** As {@link #confirmTotpForSignIn(String, String, String)}, in the browser the token is bound to. */
    public CompletableFuture<TotpConfirmation> confirmTotpForSignIn(String enrolmentToken, String code,
            String client, String browser) {
        return confirmWithToken(enrolmentToken, browser, code, client, account -> null);
    }

    /**
     * The second step of a login that answered {@link MfaRequiredException}: its MFA token and a TOTP code or a
     * recovery code (exactly one). Answers the grant a login answers, whose tokens carry
     * {@link AuthMethods#PASSWORD_AND_OTP}. Fails with {@link InvalidTokenException} for a spent, expired or
     * unknown MFA token, {@link InvalidCodeException} for a wrong or used code (the token stays valid) and
     * {@link TooManyAttemptsException} when the account's codes are throttled.
     */
    public CompletableFuture<TokenGrant> completeLogin(String mfaToken, String code, String recoveryCode,
            String client) {
        SecondFactors factors = requireSecondFactors();
        return audited(factors.completeLogin(mfaToken, code, recoveryCode, client)
                .thenCompose(userId -> Offload.to(blockingExecutor, "blockingExecutor",
                        () -> grant(userId, AuthMethods.PASSWORD_AND_OTP))), client);
    }

    /** Counts and audits a second step's outcome; answers its result or failure. */
    private <T> CompletableFuture<T> audited(CompletableFuture<T> step, String client) {
        return step.handle((result, failure) -> {
            Throwable cause = failure == null ? null : Failures.cause(failure);
            audit.secondStep(LoginOutcome.of(cause), client);
            if (cause != null) {
                throw Failures.rethrowable(cause);
            }
            return result;
        });
    }

    /**
     * Starts a TOTP enrolment for the signed-in user {@code userId}, after the step-up check of their password
     * (throttled and audited as a login). Fails with {@link MfaStateException} when a factor is already active.
     */
    public CompletableFuture<TotpEnrolment> beginTotp(String userId, String password, String client) {
        SecondFactors factors = requireSecondFactors();
        return stepUp(userId, password, client).thenCompose(factors::begin);
    }

    /** As {@link #beginTotp}, for a user whose role requires a factor, with the enrolment token of their login. */
    public CompletableFuture<TotpEnrolment> beginTotp(String enrolmentToken) {
        return beginTotpForSignIn(enrolmentToken, null);
    }

    /** As {@link #beginTotp(String)}, in the browser the enrolment token is bound to ({@code null}: the API). */
    public CompletableFuture<TotpEnrolment> beginTotpForSignIn(String enrolmentToken, String browser) {
        SecondFactors factors = requireSecondFactors();
        return factors.enrollingUser(enrolmentToken, browser)
                .thenCompose(userId -> Offload.to(blockingExecutor, "blockingExecutor", () -> activeAccount(userId)))
                .thenCompose(factors::begin);
    }

    /** The enrolment of {@code userId} that waits for its first code, shown again after a mistyped code. */
    public CompletableFuture<TotpEnrolment> pendingTotp(String userId) {
        SecondFactors factors = requireSecondFactors();
        return Offload.to(blockingExecutor, "blockingExecutor", () -> activeAccount(userId))
                .thenCompose(factors::pending);
    }

    /** As {@link #pendingTotp(String)}, for the holder of an enrolment token. */
    public CompletableFuture<TotpEnrolment> pendingTotpOfToken(String enrolmentToken) {
        return pendingTotpOfToken(enrolmentToken, null);
    }

    /** As {@link #pendingTotpOfToken(String)}, in the browser the token is bound to ({@code null}: the API). */
    public CompletableFuture<TotpEnrolment> pendingTotpOfToken(String enrolmentToken, String browser) {
        return requireSecondFactors().enrollingUser(enrolmentToken, browser).thenCompose(this::pendingTotp);
    }

    /** Activates the user's waiting factor with its first code; answers the recovery codes, shown once. */
    public CompletableFuture<TotpConfirmation> confirmTotp(String userId, String code, String client) {
        return requireSecondFactors().confirm(userId, code, null, client).thenCompose(codes -> Offload.to(
                blockingExecutor, "blockingExecutor", () -> new TotpConfirmation(codes, activeAccount(userId), null)));
    }

    /**
     * Activates the factor enrolled with an enrolment token, spending it; answers the recovery codes and the
     * grant of the login that the enrolment completes.
     */
    public CompletableFuture<TotpConfirmation> confirmTotpAndSignIn(String enrolmentToken, String code,
            String client) {
        return confirmWithToken(enrolmentToken, null, code, client,
                account -> grant(account, AuthMethods.PASSWORD_AND_OTP));
    }

    /** Confirms the factor of an enrolment token's holder, spending the token, then {@code grant} for the account. */
    private CompletableFuture<TotpConfirmation> confirmWithToken(String enrolmentToken, String browser, String code,
            String client, Function<UserAccount, TokenGrant> grant) {
        SecondFactors factors = requireSecondFactors();
        return factors.enrollingUser(enrolmentToken, browser).thenCompose(userId ->
                factors.confirm(userId, code, enrolmentToken, client).thenCompose(codes ->
                        Offload.to(blockingExecutor, "blockingExecutor", () -> {
                            UserAccount account = activeAccount(userId);
                            return new TotpConfirmation(codes, account, grant.apply(account));
                        })));
    }

    /** Removes the user's factor: the step-up password, then a current code. */
    public CompletableFuture<Void> removeTotp(String userId, String password, String code, String client) {
        SecondFactors factors = requireSecondFactors();
        return stepUp(userId, password, client).thenCompose(account -> factors.remove(userId, code, client));
    }

    /** Replaces the user's recovery codes after the step-up password; answers the new ones, shown once. */
    public CompletableFuture<List<String>> renewRecoveryCodes(String userId, String password, String client) {
        SecondFactors factors = requireSecondFactors();
        return stepUp(userId, password, client).thenCompose(account -> factors.renewRecoveryCodes(userId));
    }

    /** Whether the user has a confirmed second factor; false when this service has none configured. */
    public CompletableFuture<Boolean> hasSecondFactor(String userId) {
        return secondFactors == null ? CompletableFuture.completedFuture(false) : secondFactors.hasFactor(userId);
    }

    /** The password check of a sensitive change by a signed-in user: exactly a login's, without its session. */
    private CompletableFuture<UserAccount> stepUp(String userId, String password, String client) {
        return Offload.to(blockingExecutor, "blockingExecutor", () -> activeAccount(userId))
                .thenCompose(account -> checkPassword(account.username(), password, client, c -> null,
                        v -> v.credential.account().id().equals(userId)
                                ? CompletableFuture.completedFuture(v.credential.account())
                                : CompletableFuture.failedFuture(new InvalidCredentialsException())));
    }

    private UserAccount activeAccount(String userId) {
        return store.findById(userId).filter(UserAccount::enabled)
                .orElseThrow(() -> new InvalidTokenException("account_disabled"));
    }

    /** Blocking: a fresh grant for a user who just proved {@code amr}; the account must still be enabled. */
    private TokenGrant grant(String userId, List<String> amr) {
        return grant(activeAccount(userId), amr);
    }

    private TokenGrant grant(UserAccount account, List<String> amr) {
        return new TokenGrant(signer.issue(account, amr), refreshTokens.start(account.id(), null, amr));
    }

    private SecondFactors requireSecondFactors() {
        if (secondFactors == null) {
            throw new IllegalStateException("second factors need a Builder#secondFactors");
        }
        return secondFactors;
    }

    /**
     * The whole login policy around one password check; {@code then} turns a verified password into the grant
     * (a login's session, or a password change's new hash), and its failure is accounted as the attempt's.
     */
    private <T> CompletableFuture<T> checkPassword(String username, String password, String client,
            Function<StoredCredential, IssuedToken> tokenFor, Function<Verified, CompletableFuture<T>> then) {
        // No username holds a control character, so a name with one can never share the code throttle's keys.
        String account = Usernames.normalize(username).replace('\u0001', '\ufffd');
        boolean[] namesAnAccount = {false}; // set by the lookup, if one happens; read after it, for the audit
        CompletableFuture<T> attempt;
        if (!hashingHasRoom.getAsBoolean()) {
            attempt = Failures.failed(new OverloadedException("hashingExecutor"));
        } else {
            attempt = throttle.admit(account, client).toCompletableFuture().thenCompose(wait -> wait.isZero()
                    ? authenticate(account, password, namesAnAccount, tokenFor, then).handle((grant, failure) -> settle(account, client, failure)
                            .thenApply(settled -> grant)).thenCompose(settled -> settled)
                    : Failures.failed(new TooManyAttemptsException(wait)));
        }
        return attempt.handle((result, failure) -> account(account, namesAnAccount[0], client, result, failure));
    }

    /**
     * Exchanges a refresh token for a new access token and a new refresh token. Fails with
     * {@link InvalidTokenException} for a token that is unknown, expired, revoked or spent, or whose account
     * is gone or disabled.
     */
    public CompletableFuture<TokenGrant> refresh(String refreshToken, String client) {
        return refresh(refreshToken, null, client);
    }

    /**
     * As {@link #refresh(String, String)}, for a token issued to the OAuth client {@code clientId}: a token
     * issued to another client, or to none, fails with {@link InvalidTokenException} and is not spent.
     */
    public CompletableFuture<TokenGrant> refresh(String refreshToken, String clientId, String client) {
        return Offload.to(blockingExecutor, "blockingExecutor", () -> {
            RefreshTokenRotation.Rotated rotated = refreshTokens.rotate(refreshToken, clientId);
            Optional<UserAccount> account = store.findById(rotated.userId());
            if (account.isEmpty() || !account.get().enabled()) {
                refreshTokens.revokeUser(rotated.userId());
                throw new InvalidTokenException("account_disabled");
            }
            if (secondFactors != null && secondFactors.enrolmentRequired(account.get())
                    && !AuthMethods.hasSecondFactor(rotated.amr())) {
                // A role now requires a second factor that this session never proved: sign in again.
                throw new InvalidTokenException("mfa_required");
            }
            IssuedToken access = rotated.scopes().isEmpty() ? signer.issue(account.get(), rotated.amr())
                    : signer.issue(account.get(), rotated.amr(), rotated.clientId(), rotated.scopes());
            return new TokenGrant(access, rotated.refreshToken());
        }).handle((grant, failure) -> {
            audit.refresh(client, failure);
            if (failure != null) {
                throw Failures.rethrowable(failure);
            }
            return grant;
        });
    }

    /**
     * Starts the refresh token family {@code familyId} of an authorization code grant to {@code clientId}, whose
     * refreshes keep {@code scopes} and {@code amr}; answers its first token. Blocking: call it on the blocking
     * executor.
     */
    public String startRefreshTokens(String familyId, String userId, String clientId, List<String> amr,
            List<String> scopes) {
        return refreshTokens.start(familyId, userId, clientId, amr, scopes);
    }

    /** Revokes the refresh token family {@code familyId}, such as one issued from a code used twice. Blocking. */
    public void revokeRefreshTokens(String familyId) {
        refreshTokens.revokeFamily(familyId);
    }

    /** Ends the session (the refresh token family) of the token; an unknown token is no error. */
    public CompletableFuture<Void> logout(String refreshToken) {
        return Offload.to(blockingExecutor, "blockingExecutor", () -> {
            refreshTokens.revoke(refreshToken);
            return null;
        });
    }

    /**
     * Self-service: the signed-in user {@code userId} replaces their password. The current password is checked
     * exactly as a login checks it (the same throttle, hash and audit); the new one must pass the
     * {@link PasswordPolicy}; then the hash is replaced (a compare-and-set on the one just checked), every refresh
     * token family of the user is revoked, and a fresh grant is answered, whose tokens carry {@code amr}: how the
     * user proved themselves for the access token presented.
     *
     * @throws WeakPasswordException, InvalidCredentialsException, TooManyAttemptsException (as failures of the future)
     */
    public CompletableFuture<TokenGrant> changePassword(String userId, List<String> amr, String currentPassword,
            String newPassword, String client) {
        // The checked credential and the token signed with it serve the change: no second lookup, and no session
        // started only to be revoked.
        return replacePassword(userId, currentPassword, newPassword, client, c -> signer.issue(c.account(), amr),
                v -> new TokenGrant(v.token, refreshTokens.start(userId, null, amr)));
    }

    /**
     * As {@link #changePassword}, for a browser: every session and refresh token of the user ends, and the
     * account is answered, for the browser's new session.
     */
    public CompletableFuture<UserAccount> changePasswordInBrowser(String userId, String currentPassword,
            String newPassword, String client) {
        return replacePassword(userId, currentPassword, newPassword, client, c -> null, v -> v.credential.account());
    }

    private <T> CompletableFuture<T> replacePassword(String userId, String currentPassword, String newPassword,
            String client, Function<StoredCredential, IssuedToken> tokenFor, Function<Verified, T> result) {
        return Offload.to(blockingExecutor, "blockingExecutor", () -> store.findById(userId))
                .thenCompose(found -> {
                    if (found.isEmpty() || !found.get().enabled()) {
                        return CompletableFuture.failedFuture(new InvalidTokenException("account_disabled"));
                    }
                    String username = found.get().username();
                    try {
                        policy.check(newPassword, username);
                    } catch (WeakPasswordException e) {
                        return CompletableFuture.failedFuture(e);
                    }
                    return checkPassword(username, currentPassword, client, tokenFor, v -> Offload.to(hashingExecutor,
                            "hashingExecutor", () -> hasher.hash(newPassword))
                            .thenCompose(newHash -> Offload.to(blockingExecutor, "blockingExecutor", () -> {
                                StoredCredential current = v.credential;
                                if (!current.account().id().equals(userId) || !store.replacePasswordHash(userId,
                                        current.passwordHash(), newHash)) {
                                    throw new InvalidCredentialsException(); // changed meanwhile: try again
                                }
                                refreshTokens.revokeUser(userId);
                                if (browserSessions != null) {
                                    browserSessions.endAllOfNow(userId);
                                }
                                LoginAudit.admin("change_password", username, "self client=" + client);
                                return result.apply(v);
                            })));
                });
    }

    /**
     * Self-registration: a new enabled user without roles, and its first grant. The password must pass the
     * {@link PasswordPolicy}; every registration counts against the client address in the login throttle, so one
     * address cannot register without limit. Needs a {@link Builder#userDirectory}.
     *
     * @throws DuplicateUserException, WeakPasswordException, InvalidInputException, TooManyAttemptsException
     */
    public CompletableFuture<TokenGrant> register(String username, String password, String client) {
        if (directory == null) {
            throw new IllegalStateException("registration needs a userDirectory");
        }
        String account;
        try {
            account = Usernames.checkedNormalize(username);
            policy.check(password, username);
        } catch (InvalidInputException | WeakPasswordException e) {
            return CompletableFuture.failedFuture(e);
        }
        return throttle.admit(account, client).toCompletableFuture().thenCompose(wait -> wait.isZero()
                ? Offload.to(hashingExecutor, "hashingExecutor", () -> hasher.hash(password))
                : CompletableFuture.failedFuture(new TooManyAttemptsException(wait)))
                .thenCompose(hash -> Offload.to(blockingExecutor, "blockingExecutor", () -> {
                    UserAccount user = directory.createUser(username, hash, java.util.List.of());
                    LoginAudit.admin("register", user.username(), "self client=" + client);
                    return new TokenGrant(signer.issue(user), refreshTokens.start(user.id(), null,
                            AuthMethods.PASSWORD));
                }));
    }

    /**
     * The refresh token as introspection shows it: present only while it would refresh. Spends nothing.
     */
    public CompletableFuture<Optional<StoredRefreshToken>> findActiveRefreshToken(String refreshToken) {
        return Offload.to(blockingExecutor, "blockingExecutor", () -> refreshTokens.findActive(refreshToken));
    }

    /**
     * Revokes the family of a refresh token if {@code mayRevoke} accepts the stored token (RFC 7009: a client
     * revokes the tokens issued to it); answers whether a family was revoked. An unknown token is no error.
     */
    public CompletableFuture<Boolean> revokeRefreshToken(String refreshToken,
            java.util.function.Predicate<StoredRefreshToken> mayRevoke) {
        return Offload.to(blockingExecutor, "blockingExecutor", () -> {
            Optional<StoredRefreshToken> found = refreshTokens.findAny(refreshToken);
            if (found.isEmpty() || !mayRevoke.test(found.get())) {
                return false;
            }
            refreshTokens.revokeFamily(found.get());
            return true;
        });
    }

    /**
     * Deletes refresh token rows that can no longer refresh, and throttle counters whose window has passed;
     * blocks, so call it from a background thread.
     *
     * @return the rows deleted
     */
    public int purgeExpired() {
        return refreshTokens.purgeExpired() + throttle.purgeForgotten()
                + (secondFactors == null ? 0 : secondFactors.purgeExpired())
                + (browserSessions == null ? 0 : browserSessions.purgeExpired());
    }

    /** Live counts of login and refresh outcomes since this service was built. */
    public LoginOutcomes outcomes() {
        return audit.outcomes();
    }

    private <T> CompletableFuture<T> authenticate(String account, String password, boolean[] namesAnAccount,
            Function<StoredCredential, IssuedToken> tokenFor, Function<Verified, CompletableFuture<T>> then) {
        return Offload.to(blockingExecutor, "blockingExecutor", () -> store.findByUsername(account))
                .thenApplyAsync(found -> {
                    namesAnAccount[0] = found.isPresent();
                    return verify(found, password, tokenFor);
                }, hashingExecutor)
                .thenCompose(then);
    }

    /**
     * Tells the throttle how an admitted attempt ended, before the caller is answered: a success resets the
     * account and gives the address its attempt back; a wrong password or an unexpected error stays counted; an
     * attempt never checked (overloaded, store unavailable) is given back to both. Completes with the
     * attempt's own failure, if any.
     */
    private CompletableFuture<Void> settle(String account, String client, Throwable failure) {
        Throwable cause = failure == null ? null : Failures.cause(failure);
        LoginOutcome outcome = LoginOutcome.of(cause);
        CompletionStage<Void> told = switch (outcome) {
            case SUCCESS, MFA_REQUIRED -> throttle.succeeded(account, client);
            // An attempt that failed unexpectedly counts as a failure: else a request that can make the check
            // fail (a hash that cannot be verified, say) would be a guess the throttle never sees.
            case INVALID_CREDENTIALS, ERROR -> CompletableFuture.completedFuture(null);
            default -> throttle.unchecked(account, client);
        };
        return told.toCompletableFuture().handle((done, ignored) -> {
            if (cause != null) {
                throw Failures.rethrowable(cause);
            }
            return null;
        });
    }

    /** Counts and audits the outcome of one attempt; answers the grant or the failure. */
    private <T> T account(String account, boolean namesAnAccount, String client, T grant, Throwable failure) {
        Throwable cause = failure == null ? null : Failures.cause(failure);
        LoginOutcome outcome = LoginOutcome.of(cause);
        audit.login(outcome, account, namesAnAccount, client);
        if (outcome == LoginOutcome.SUCCESS) {
            return grant;
        }
        throw Failures.rethrowable(cause);
    }

    /**
     * Runs on the hashing executor: one hash whatever the outcome, then the token {@code tokenFor} signs (none
     * when it answers null), then any rehash.
     */
    private Verified verify(Optional<StoredCredential> found, String password,
            Function<StoredCredential, IssuedToken> tokenFor) {
        if (found.isEmpty()) {
            hasher.verify(password, dummyHash);
            throw new InvalidCredentialsException();
        }
        StoredCredential credential = found.get();
        boolean matches;
        try {
            matches = hasher.verify(password, credential.passwordHash());
        } catch (IllegalArgumentException e) {
            log.warn("Stored password hash of user {} cannot be verified: {}", credential.account().id(),
                    e.getMessage());
            throw new InvalidCredentialsException();
        }
        if (!matches || !credential.account().enabled()) {
            throw new InvalidCredentialsException();
        }
        IssuedToken token = tokenFor.apply(credential);
        String rehash = hasher.needsRehash(credential.passwordHash()) ? hasher.hash(password) : null;
        return new Verified(credential, token, rehash);
    }

    /**
     * The token a password login signs at once, right after the hash: none when a second step must follow
     * (the user has a factor, or a role requires one).
     */
    private IssuedToken signsAtOnce(StoredCredential credential) {
        return needsSecondStep(credential) ? null : signer.issue(credential.account(), AuthMethods.PASSWORD);
    }

    private boolean needsSecondStep(StoredCredential credential) {
        return credential.secondFactor()
                || (secondFactors != null && secondFactors.enrolmentRequired(credential.account()));
    }

    /** Runs on the blocking executor: after the password, the session (a refresh token family). */
    private TokenGrant finishLogin(Verified v) {
        StoredCredential credential = afterPassword(v, null);
        return new TokenGrant(v.token, refreshTokens.start(credential.account().id(), null, AuthMethods.PASSWORD));
    }

    /**
     * Runs on the blocking executor: the rehash write (which may fail harmlessly), then, when a second step is
     * due, the failure that carries its MFA token.
     */
    private StoredCredential afterPassword(Verified v, String browser) {
        String userId = v.credential.account().id();
        if (v.rehash != null) {
            try {
                if (!store.replacePasswordHash(userId, v.credential.passwordHash(), v.rehash)) {
                    log.info("Rehash of user {} skipped: the hash changed meanwhile", userId);
                }
            } catch (RuntimeException e) {
                log.warn("Rehash of user {} failed; the login stands: {}", userId, e.toString());
            }
        }
        if (needsSecondStep(v.credential)) {
            if (secondFactors == null) {
                log.warn("User {} has a second factor, and this service none configured: login refused", userId);
                throw new InvalidCredentialsException();
            }
            throw secondFactors.challenge(userId, !v.credential.secondFactor(), browser);
        }
        return v.credential;
    }

    private record Verified(StoredCredential credential, IssuedToken token, String rehash) {
    }

    /** Builds an {@link AuthenticationService}; not thread-safe. */
    public static final class Builder {
        private CredentialStore store;
        private PasswordHasher hasher = StandardPasswordHasher.owaspDefaults();
        private TokenIssuer signer;
        private RefreshTokenStore refreshTokenStore;
        private LoginThrottle throttle;
        private Settings settings = Settings.defaults();
        private Executor blockingExecutor;
        private Executor hashingExecutor;
        private BooleanSupplier hashingHasRoom = () -> true;
        private Clock clock = Clock.systemUTC();
        private PasswordPolicy policy;
        private UserDirectory directory;
        private Function<LoginThrottle, SecondFactors> secondFactors;
        private io.netauth.core.session.BrowserSessions browserSessions;

        private Builder() {
        }

        /** Optional: browser sessions, which a password change ends with the refresh tokens. */
        public Builder browserSessions(io.netauth.core.session.BrowserSessions sessions) {
            this.browserSessions = Objects.requireNonNull(sessions, "browserSessions");
            return this;
        }

        /**
         * Optional: second factors, made from the service's login throttle (which counts wrong codes as it counts
         * wrong passwords). Without it no login asks for a second step, and the TOTP calls are unavailable.
         */
        public Builder secondFactors(Function<LoginThrottle, SecondFactors> factory) {
            this.secondFactors = Objects.requireNonNull(factory, "secondFactors");
            return this;
        }

        /** Optional: what new passwords must be; {@link PasswordPolicy#from} the settings by default. */
        public Builder passwordPolicy(PasswordPolicy policy) {
            this.policy = Objects.requireNonNull(policy, "passwordPolicy");
            return this;
        }

        /** Optional: where {@link #register} creates users; without it registration is unavailable. */
        public Builder userDirectory(UserDirectory directory) {
            this.directory = Objects.requireNonNull(directory, "userDirectory");
            return this;
        }

        /** Required: where accounts live. */
        public Builder credentialStore(CredentialStore store) {
            this.store = Objects.requireNonNull(store, "credentialStore");
            return this;
        }

        /** Optional: {@link StandardPasswordHasher#owaspDefaults()} by default. */
        public Builder passwordHasher(PasswordHasher hasher) {
            this.hasher = Objects.requireNonNull(hasher, "passwordHasher");
            return this;
        }

        /** Required: signs the access tokens ({@code JwtTokens.signer()}). */
        public Builder signer(TokenIssuer signer) {
            this.signer = Objects.requireNonNull(signer, "signer");
            return this;
        }

        /** Required: where refresh token digests live. */
        public Builder refreshTokenStore(RefreshTokenStore store) {
            this.refreshTokenStore = Objects.requireNonNull(store, "refreshTokenStore");
            return this;
        }

        /** Optional: the {@code refresh-*}, {@code throttle-*} and {@code audit-key} settings; their defaults otherwise. */
        public Builder settings(Settings settings) {
            this.settings = Objects.requireNonNull(settings, "settings");
            return this;
        }

        /**
         * Optional: where failed logins are counted; by default in memory with the {@code throttle-*} settings.
         * {@code JdbcLoginThrottle} shares the counters between processes on one database.
         */
        public Builder loginThrottle(LoginThrottle throttle) {
            this.throttle = Objects.requireNonNull(throttle, "loginThrottle");
            return this;
        }

        /** Required: runs the stores' blocking calls (JDBC). */
        public Builder blockingExecutor(Executor executor) {
            this.blockingExecutor = Objects.requireNonNull(executor, "blockingExecutor");
            return this;
        }

        /** Required: runs password hashes and login signatures; bound it, so that a flood is refused. */
        public Builder hashingExecutor(Executor executor) {
            this.hashingExecutor = Objects.requireNonNull(executor, "hashingExecutor");
            return this;
        }

        /**
         * Optional: whether the hashing executor would take one more login now; a login that would not fit is
         * refused with {@link OverloadedException} before it costs the database anything. Always by default.
         */
        public Builder hashingHasRoom(BooleanSupplier check) {
            this.hashingHasRoom = Objects.requireNonNull(check, "hashingHasRoom");
            return this;
        }

        /** Optional: the clock of refresh token lifetimes and of the default throttle. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * Checks the settings and takes the hasher's unmatchable hash (which {@link StandardPasswordHasher} makes
         * under argon2id without hashing, and other hashers may make by hashing), so call it off any event loop.
         */
        public AuthenticationService build() {
            return new AuthenticationService(this);
        }
    }
}
