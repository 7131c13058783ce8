package io.netauth.core.oidc;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.netauth.core.AuthenticationService;
import io.netauth.core.Change;
import io.netauth.core.ChangeFeed;
import io.netauth.core.InvalidTokenException;
import io.netauth.core.IssuedToken;
import io.netauth.core.VerifiedToken;
import io.netauth.core.client.ClientStore;
import io.netauth.core.client.Grants;
import io.netauth.core.client.OAuthClient;
import io.netauth.core.client.OAuthError;
import io.netauth.core.client.OAuthException;
import io.netauth.core.client.StoredClient;
import io.netauth.core.config.CoreSettings;
import io.netauth.core.config.Settings;
import io.netauth.core.internal.Offload;
import io.netauth.core.internal.OpaqueTokens;
import io.netauth.core.session.Session;
import io.netauth.core.token.JwtTokens;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The policy of OpenID Connect's authorization code flow (Core 1.0 section 3.1, RFC 6749 section 4.1, RFC 7636,
 * RFC 9700), free of HTTP: it checks authorization requests, decides between sign-in, consent and a code, issues
 * and redeems single-use codes bound to the client, the redirect URI and the PKCE challenge, signs ID tokens,
 * answers userinfo claims and checks RP-initiated logout requests.
 *
 * <p>Threads: every store call runs on the {@code blockingExecutor}, every signature on the
 * {@code signingExecutor}; the futures complete there. Thread-safe.
 */
public final class OidcProvider {

    /** How long a code can be redeemed (RFC 6749 section 4.1.2 recommends at most ten minutes). */
    public static final Duration CODE_LIFETIME = Duration.ofSeconds(60);
    /** How long a spent code's record is kept, so that its reuse still revokes what it was exchanged for. */
    static final Duration CODE_KEPT = Duration.ofDays(1);
    /** The scopes OpenID Connect defines that this server grants, besides a client's own. */
    public static final List<String> STANDARD_SCOPES = List.of(Scopes.OPENID, Scopes.PROFILE, Scopes.EMAIL,
            Scopes.OFFLINE_ACCESS);
    /** Far longer than any code this server seals (a nonce of 1,024 characters included). */
    private static final int MAX_CODE = 8192;
    /** How long a consent page can be answered: longer than anyone reads it, far shorter than a session. */
    public static final Duration CONSENT_LIFETIME = Duration.ofMinutes(30);
    private static final Logger log = LoggerFactory.getLogger(OidcProvider.class);

    /** What the browser must do next for an authorization request. */
    public enum Step {
        /** Sign in (again): no session, {@code prompt=login}, {@code max_age} passed or another user hinted. */
        SIGN_IN,
        /** Grant the scopes on the consent page. */
        CONSENT,
        /** Nothing: a code can be issued. */
        ISSUE
    }

    private final OidcStore store;
    private final ClientStore clients;
    private final JwtTokens tokens;
    private final AuthenticationService users;
    private final ChangeFeed changes;
    private final Executor blockingExecutor;
    private final Executor signingExecutor;
    private final Clock clock;
    /** Clients by id, for the authorization endpoint: dropped when the change feed says one changed. */
    private final Cache<String, Optional<OAuthClient>> clientCache;
    private final AuthorizationRequests requests;

    private OidcProvider(Builder b) {
        this.store = Objects.requireNonNull(b.store, "oidcStore");
        this.clients = Objects.requireNonNull(b.clients, "clientStore");
        this.tokens = Objects.requireNonNull(b.tokens, "tokens");
        this.users = Objects.requireNonNull(b.users, "authenticationService");
        this.changes = Objects.requireNonNull(b.changes, "changeFeed");
        this.blockingExecutor = Objects.requireNonNull(b.blockingExecutor, "blockingExecutor");
        this.signingExecutor = Objects.requireNonNull(b.signingExecutor, "signingExecutor");
        this.clock = b.clock;
        this.clientCache = Caffeine.newBuilder().maximumSize(10_000)
                .expireAfterWrite(b.settings.get(CoreSettings.REVOCATION_SYNC_INTERVAL)).build();
        changes.on(Change.CLIENT_CHANGED, change -> clientCache.invalidate(change.subject()));
        this.requests = new AuthorizationRequests(tokens);
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Checks an authorization request. Parameters sent more than once arrive as several values: refused (RFC 6749
     * section 3.1). Fails with {@link AuthorizationException}: shown to the person for a missing or unknown client
     * or redirect URI, otherwise sent to the redirect URI.
     */
    public CompletableFuture<AuthorizationRequest> authorizationRequest(Map<String, List<String>> parameters) {
        List<String> clientIds = parameters.getOrDefault("client_id", List.of());
        Optional<OAuthClient> cached = clientIds.size() == 1 ? clientCache.getIfPresent(clientIds.get(0)) : null;
        if (cached != null) {
            try {
                // The client as cached a moment ago: no lookup can reach the database on the caller's thread.
                return CompletableFuture.completedFuture(requests.check(parameters, id -> cached));
            } catch (AuthorizationException e) {
                return CompletableFuture.failedFuture(e);
            }
        }
        return Offload.to(blockingExecutor, "blockingExecutor", () -> requests.check(parameters,
                id -> clientCache.get(id, key -> clients.findById(key).map(StoredClient::client))));
    }

    /**
     * What the browser must do next for the request, given its session (or {@code null}). Reads the user's consent
     * when the client is not trusted.
     *
     * @throws AuthorizationException (as the failure) {@code login_required} or {@code consent_required} for
     *     {@code prompt=none}
     */
    public CompletableFuture<Step> next(AuthorizationRequest request, Session session) {
        boolean none = request.prompt().contains("none");
        if (needsSignIn(request, session)) {
            return none ? CompletableFuture.failedFuture(refused("login_required", "The user is not signed in.",
                    request.redirectUri(), request.state())) : CompletableFuture.completedFuture(Step.SIGN_IN);
        }
        if (request.prompt().contains("consent")) {
            return CompletableFuture.completedFuture(Step.CONSENT);
        }
        if (request.client().codeFlow().trusted()) {
            return CompletableFuture.completedFuture(Step.ISSUE);
        }
        return Offload.to(blockingExecutor, "blockingExecutor", () -> {
            List<String> granted = store.consentedScopes(session.account().id(), request.client().id());
            if (granted.containsAll(request.scopes())) {
                return Step.ISSUE;
            }
            if (none) {
                throw refused("consent_required", "The user has not granted these scopes.", request.redirectUri(),
                        request.state());
            }
            return Step.CONSENT;
        });
    }

    private boolean needsSignIn(AuthorizationRequest request, Session session) {
        if (session == null || request.prompt().contains("login")) {
            return true;
        }
        if (request.hintSubject() != null && !request.hintSubject().equals(session.account().id())) {
            return true;
        }
        return request.maxAge() != null
                && clock.instant().isAfter(session.authTime().plus(request.maxAge()));
    }

    /**
     * Issues a code for the signed-in user and answers where to send the browser: the redirect URI with
     * {@code code}, {@code state} and {@code iss} (RFC 9207). When {@code consented}, the scopes are remembered
     * for the client first.
     */
    public CompletableFuture<String> issueCode(AuthorizationRequest request, Session session, boolean consented) {
        String userId = session.account().id();
        // Sealing is CPU work (and draws a random nonce, which may block): never on the caller's event loop.
        Executor where = consented ? blockingExecutor : signingExecutor;
        return Offload.to(where, consented ? "blockingExecutor" : "signingExecutor", () -> {
            Instant now = clock.instant();
            if (consented) {
                store.saveConsent(userId, request.client().id(), union(store.consentedScopes(userId,
                        request.client().id()), request.scopes()), now);
            }
            String code = store.sealCode(new IssuedCode(request.client().id(), userId, request.redirectUri(),
                    request.scopes(), request.nonce(), request.codeChallenge(), session.amr(), session.authTime(),
                    now.plus(CODE_LIFETIME)));
            Map<String, String> answer = new LinkedHashMap<>();
            answer.put("code", code);
            return redirect(request.redirectUri(), answer, request.state());
        });
    }

    /**
     * The consent page's form of {@code request}, for the session's user: the request's parameters, the session
     * and an expiry, sealed with the key-encryption keys, so that the answer can only be to the request that was
     * shown, in the session it was shown in, and on any process with the same keys. The page carries it instead of
     * the plain request, whose {@code client_id} anyone could otherwise change before allowing. Sealing draws a
     * random nonce: it runs on the {@code signingExecutor}.
     */
    public CompletableFuture<String> consentForm(AuthorizationRequest request, Session session) {
        return Offload.to(signingExecutor, "signingExecutor", () -> {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream(512);
            try (DataOutputStream out = new DataOutputStream(bytes)) {
                out.writeUTF(session.idHash());
                out.writeUTF(session.account().id());
                out.writeLong(clock.instant().plus(CONSENT_LIFETIME).toEpochMilli());
                out.writeInt(request.parameters().size());
                for (Map.Entry<String, String> parameter : request.parameters().entrySet()) {
                    out.writeUTF(parameter.getKey());
                    out.writeUTF(parameter.getValue());
                }
            } catch (IOException e) {
                throw new UncheckedIOException("writing to memory", e);
            }
            return store.sealConsent(bytes.toByteArray());
        });
    }

    /**
     * The request parameters of a consent form this server sealed, for whoever brings it: a browser whose session
     * ended before it answered starts the request again. Empty when the form is not one, or was altered.
     */
    public Optional<Map<String, String>> consentParameters(String form) {
        return ConsentForm.open(store, form).map(ConsentForm::parameters);
    }

    /**
     * The checked request that a consent form answers, when the form was sealed here, unaltered, for this session
     * and its user, and is not expired; the request is checked again, so a client disabled meanwhile gets no code.
     * Fails with {@link AuthorizationException} (shown, not redirected) otherwise.
     */
    public CompletableFuture<AuthorizationRequest> consentRequest(String form, Session session) {
        Optional<ConsentForm> opened = ConsentForm.open(store, form);
        if (opened.isEmpty() || !opened.get().sessionHash().equals(session.idHash())
                || !opened.get().userId().equals(session.account().id())
                || !clock.instant().isBefore(opened.get().expiresAt())) {
            return CompletableFuture.failedFuture(AuthorizationException.shown("This consent form has expired or "
                    + "was not shown in this sign-in. Go back to the application and start again."));
        }
        Map<String, List<String>> parameters = new LinkedHashMap<>();
        opened.get().parameters().forEach((name, value) -> parameters.put(name, List.of(value)));
        return authorizationRequest(parameters);
    }

    /** What a sealed consent form holds: the session and user it was shown to, its expiry and the request. */
    private record ConsentForm(String sessionHash, String userId, Instant expiresAt, Map<String, String> parameters) {

        static Optional<ConsentForm> open(OidcStore store, String sealed) {
            if (sealed == null || sealed.isEmpty() || sealed.length() > MAX_CODE) {
                return Optional.empty();
            }
            byte[] plain = store.openConsent(sealed).orElse(null);
            if (plain == null) {
                return Optional.empty();
            }
            try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(plain))) {
                String sessionHash = in.readUTF();
                String userId = in.readUTF();
                Instant expiresAt = Instant.ofEpochMilli(in.readLong());
                int count = in.readInt();
                Map<String, String> parameters = new LinkedHashMap<>();
                for (int i = 0; i < count; i++) {
                    parameters.put(in.readUTF(), in.readUTF());
                }
                return Optional.of(new ConsentForm(sessionHash, userId, expiresAt, parameters));
            } catch (IOException e) {
                return Optional.empty();
            }
        }
    }

    /** Where to send the browser when the user denies the consent: {@code access_denied}. */
    public String denied(AuthorizationRequest request) {
        return errorRedirect(refused("access_denied", "The user denied the request.", request.redirectUri(),
                request.state()));
    }

    /**
     * Where to send the browser when the server could not finish a checked request (a full pool, the database
     * down): {@code temporarily_unavailable} (RFC 6749 section 4.1.2.1), so that the client can say so.
     */
    public String temporarilyUnavailable(AuthorizationRequest request) {
        return errorRedirect(refused("temporarily_unavailable", "The server is busy; try again in a moment.",
                request.redirectUri(), request.state()));
    }

    /** The redirect URI with the error of a redirectable {@link AuthorizationException}. */
    public String errorRedirect(AuthorizationException refused) {
        Map<String, String> answer = new LinkedHashMap<>();
        answer.put("error", refused.error());
        answer.put("error_description", refused.getMessage());
        return redirect(refused.redirectUri(), answer, refused.state());
    }

    private String redirect(String redirectUri, Map<String, String> answer, String state) {
        StringBuilder location = new StringBuilder(redirectUri).append(redirectUri.indexOf('?') < 0 ? '?' : '&');
        if (state != null) {
            answer.put("state", state);
        }
        answer.put("iss", tokens.issuerId());
        boolean first = true;
        for (Map.Entry<String, String> field : answer.entrySet()) {
            location.append(first ? "" : "&").append(field.getKey()).append('=')
                    .append(URLEncoder.encode(field.getValue(), StandardCharsets.UTF_8));
            first = false;
        }
        return location.toString();
    }

    /**
     * Redeems a code for the authenticated {@code client} (RFC 6749 section 4.1.3, Core section 3.1.3.2): it must
     * be unspent, unexpired, issued to this client for this redirect URI, and match the PKCE verifier. A code
     * presented again revokes the access token and refresh tokens it was exchanged for (section 4.1.2).
     */
    public CompletableFuture<CodeGrant> redeem(OAuthClient client, String code, String redirectUri,
            String codeVerifier) {
        if (!client.grantTypes().contains(Grants.AUTHORIZATION_CODE)) {
            return CompletableFuture.failedFuture(new OAuthException(OAuthError.UNAUTHORIZED_CLIENT,
                    "This client may not use the authorization_code grant."));
        }
        if (code == null || code.length() > MAX_CODE) {
            return CompletableFuture.failedFuture(invalidGrant());
        }
        return Offload.to(blockingExecutor, "blockingExecutor", () -> spend(client, code, redirectUri,
                codeVerifier)).thenCompose(spent -> Offload.to(signingExecutor, "signingExecutor",
                        () -> sign(client, spent)));
    }

    /** What a spent code grants: its grant, the account, the access token's id and the first refresh token. */
    private record Spent(IssuedCode code, Profile profile, String accessTokenId, String refreshToken) {
    }

    private Spent spend(OAuthClient client, String value, String redirectUri, String codeVerifier) {
        IssuedCode code = store.openCode(value).orElseThrow(OidcProvider::invalidGrant);
        String codeHash = OpaqueTokens.digest(value);
        Instant now = clock.instant();
        if (!code.clientId().equals(client.id()) || !code.redirectUri().equals(redirectUri)
                || !now.isBefore(code.expiresAt()) || !Pkce.matches(code.codeChallenge(), codeVerifier)
                || code.codeChallenge() == null && !client.codeFlow().pkceOptional()) {
            // A reuse by the rightful client is caught below; anything else spends nothing.
            store.findSpent(codeHash).ifPresent(spent -> revokeIssued(spent, now));
            throw invalidGrant();
        }
        boolean offline = code.scopes().contains(Scopes.OFFLINE_ACCESS)
                && client.grantTypes().contains(Grants.REFRESH_TOKEN);
        // The access token's exp cannot be later than this: the revocation of a reused code outlives it.
        SpentCode spent = new SpentCode(client.id(), code.userId(), UUID.randomUUID().toString(),
                now.plus(tokens.accessTokenTtl()).plusSeconds(60), offline ? UUID.randomUUID().toString() : null);
        if (!store.spendCode(codeHash, spent, now, code.expiresAt())) {
            // Spent before, here or on another process: a second use.
            store.findSpent(codeHash).ifPresent(earlier -> revokeIssued(earlier, now));
            throw invalidGrant();
        }
        Profile profile = store.profile(code.userId()).filter(p -> p.account().enabled())
                .orElseThrow(OidcProvider::invalidGrant);
        String refreshToken = spent.familyId() == null ? null
                : users.startRefreshTokens(spent.familyId(), code.userId(), client.id(), code.amr(), code.scopes());
        log.info("Code redeemed by client {} for user {}, scopes {}", client.id(), code.userId(), code.scopes());
        return new Spent(code, profile, spent.accessTokenId(), refreshToken);
    }

    private void revokeIssued(SpentCode spent, Instant now) {
        log.warn("Authorization code of client {} for user {} presented again: its tokens are revoked",
                spent.clientId(), spent.userId());
        changes.publish(new Change(Change.TOKEN_REVOKED, spent.accessTokenId(), now, spent.accessExpiresAt()));
        if (spent.familyId() != null) {
            users.revokeRefreshTokens(spent.familyId());
        }
    }

    private CodeGrant sign(OAuthClient client, Spent spent) {
        IssuedCode code = spent.code();
        IssuedToken access = tokens.issueGrantedToken(spent.profile().account(), code.amr(), client.id(),
                code.scopes(),
                spent.accessTokenId());
        String idToken = null;
        if (code.scopes().contains(Scopes.OPENID)) {
            idToken = tokens.issueIdToken(code.userId(), client.id(), code.authTime(), code.nonce(), code.amr(),
                    access.value(), Scopes.claims(spent.profile(), code.scopes())).value();
        }
        return new CodeGrant(access, idToken, spent.refreshToken(), code.scopes());
    }

    /**
     * The userinfo of an access token granted {@code openid} (Core section 5.3): {@code sub} and the claims its
     * scopes allow. Fails with {@link InvalidTokenException} for an invalid token or a disabled user, and with
     * {@link OAuthException} {@code insufficient_scope} for a token without {@code openid}.
     */
    public CompletableFuture<Map<String, Object>> userinfo(String accessToken) {
        VerifiedToken token;
        try {
            token = tokens.verifyAnyAudience(accessToken);
        } catch (InvalidTokenException e) {
            return CompletableFuture.failedFuture(e);
        }
        if (token.clientId() == null || token.isClientToken() || !token.scopes().contains(Scopes.OPENID)) {
            return CompletableFuture.failedFuture(new OAuthException(OAuthError.INSUFFICIENT_SCOPE,
                    "The access token was not granted the openid scope."));
        }
        return Offload.to(blockingExecutor, "blockingExecutor", () -> {
            Profile profile = store.profile(token.subject()).filter(p -> p.account().enabled())
                    .orElseThrow(() -> new InvalidTokenException("account_disabled"));
            Map<String, Object> claims = new LinkedHashMap<>();
            claims.put("sub", profile.account().id());
            claims.putAll(Scopes.claims(profile, token.scopes()));
            return claims;
        });
    }

    /**
     * Checks an RP-initiated logout request (RP-Initiated Logout 1.0 section 2): a {@code post_logout_redirect_uri}
     * must be registered, exactly, by the client that the {@code id_token_hint} or {@code client_id} names.
     *
     * @throws AuthorizationException (as the failure; always shown, never redirected) for an invalid hint, a
     *     client that does not match it, or an unregistered URI
     */
    public CompletableFuture<LogoutRequest> logoutRequest(Map<String, String> parameters) {
        String hint = parameters.get("id_token_hint");
        VerifiedToken hinted = null;
        if (hint != null) {
            try {
                hinted = tokens.verifyIdTokenHint(hint);
            } catch (InvalidTokenException e) {
                return CompletableFuture.failedFuture(AuthorizationException.shown(
                        "The id_token_hint is not an ID token of this server."));
            }
        }
        String clientId = parameters.get("client_id");
        if (hinted != null) {
            String audience = hinted.clientId() != null ? hinted.clientId()
                    : hinted.audience().isEmpty() ? null : hinted.audience().get(0);
            if (clientId != null && !clientId.equals(audience)) {
                return CompletableFuture.failedFuture(AuthorizationException.shown(
                        "The client_id does not match the id_token_hint."));
            }
            clientId = audience;
        }
        String subject = hinted == null ? null : hinted.subject();
        String target = parameters.get("post_logout_redirect_uri");
        if (target == null) {
            return CompletableFuture.completedFuture(new LogoutRequest(subject, null, parameters));
        }
        if (clientId == null || clientId.length() > 64) {
            return CompletableFuture.failedFuture(AuthorizationException.shown(
                    "A post_logout_redirect_uri needs the id_token_hint or client_id of its application."));
        }
        String client = clientId;
        return Offload.to(blockingExecutor, "blockingExecutor", () -> {
            Optional<OAuthClient> registered = clients.findById(client).map(StoredClient::client)
                    .filter(OAuthClient::enabled);
            if (registered.isEmpty() || !registered.get().codeFlow().postLogoutRedirectUris().contains(target)) {
                throw AuthorizationException.shown("The application asked to return to an address it did not "
                        + "register for after signing out.");
            }
            String state = parameters.get("state");
            String location = state == null ? target : target + (target.indexOf('?') < 0 ? '?' : '&') + "state="
                    + URLEncoder.encode(state, StandardCharsets.UTF_8);
            return new LogoutRequest(subject, location, parameters);
        });
    }

    /** Deletes the codes that expired a day ago or more; blocks. */
    public int purgeExpired() {
        return store.purgeCodes(clock.instant().minus(CODE_KEPT));
    }

    private static List<String> union(List<String> a, List<String> b) {
        Set<String> all = new LinkedHashSet<>(a);
        all.addAll(b);
        return new ArrayList<>(all);
    }

    static AuthorizationException refused(String error, String description, String redirectUri, String state) {
        return AuthorizationException.redirected(error, description, redirectUri, state);
    }

    private static OAuthException invalidGrant() {
        return new OAuthException(OAuthError.INVALID_GRANT,
                "The code is invalid, expired, used, or was issued to another client or redirect URI, "
                        + "or the code_verifier does not match.");
    }

    /** Builds an {@link OidcProvider}; not thread-safe. */
    public static final class Builder {
        private OidcStore store;
        private ClientStore clients;
        private JwtTokens tokens;
        private AuthenticationService users;
        private ChangeFeed changes;
        private Executor blockingExecutor;
        private Executor signingExecutor;
        private Clock clock = Clock.systemUTC();
        private Settings settings = Settings.defaults();

        private Builder() {
        }

        /** Optional: {@code revocation-sync-interval}, the longest a changed client is seen as it was. */
        public Builder settings(Settings settings) {
            this.settings = Objects.requireNonNull(settings, "settings");
            return this;
        }

        /** Required: codes, consents and the users' email. */
        public Builder oidcStore(OidcStore store) {
            this.store = Objects.requireNonNull(store, "oidcStore");
            return this;
        }

        /** Required: the registered clients and their redirect URIs. */
        public Builder clientStore(ClientStore store) {
            this.clients = Objects.requireNonNull(store, "clientStore");
            return this;
        }


        /** Required: signs access and ID tokens; checks {@code id_token_hint}. */
        public Builder tokens(JwtTokens tokens) {
            this.tokens = Objects.requireNonNull(tokens, "tokens");
            return this;
        }

        /** Required: starts and revokes the refresh token families of {@code offline_access}. */
        public Builder authenticationService(AuthenticationService service) {
            this.users = Objects.requireNonNull(service, "authenticationService");
            return this;
        }

        /** Required: where the revocation of a reused code's access token is published. */
        public Builder changeFeed(ChangeFeed changes) {
            this.changes = Objects.requireNonNull(changes, "changeFeed");
            return this;
        }

        public Builder blockingExecutor(Executor executor) {
            this.blockingExecutor = Objects.requireNonNull(executor, "blockingExecutor");
            return this;
        }

        public Builder signingExecutor(Executor executor) {
            this.signingExecutor = Objects.requireNonNull(executor, "signingExecutor");
            return this;
        }

        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        public OidcProvider build() {
            return new OidcProvider(this);
        }
    }
}
