package io.netauth.core.client;

import io.netauth.core.AuthenticationService;
import io.netauth.core.Change;
import io.netauth.core.ChangeFeed;
import io.netauth.core.InvalidTokenException;
import io.netauth.core.TokenGrant;
import io.netauth.core.TooManyAttemptsException;
import io.netauth.core.VerifiedToken;
import io.netauth.core.config.CoreSettings;
import io.netauth.core.config.Settings;
import io.netauth.core.internal.Failures;
import io.netauth.core.internal.Offload;
import io.netauth.core.token.JwtTokens;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The policy of the OAuth endpoints, free of HTTP: client authentication with its throttle, the
 * {@code client_credentials} and {@code refresh_token} grants (RFC 6749 sections 4.4 and 6), introspection
 * (RFC 7662) and revocation (RFC 7009). Each call authenticates the client first; failures are
 * {@link OAuthException}s with their RFC 6749 code, {@link TooManyAttemptsException} when the client address is
 * throttled, or the core's overload and store failures.
 *
 * <p>Threads: a client known to the cache is authenticated on the caller's thread (a SHA-256); otherwise the
 * lookup runs on the {@code blockingExecutor}. Signatures run on the {@code signingExecutor}, which password
 * hashes never fill. Revocations are written to the change feed before the call completes. Thread-safe.
 */
public final class OAuthService {

    private static final Logger log = LoggerFactory.getLogger(OAuthService.class);

    private final ClientAuthenticator authenticator;
    private final JwtTokens tokens;
    private final AuthenticationService users;
    private final ChangeFeed changes;
    private final ClientAuthThrottle throttle;
    private final Executor blockingExecutor;
    private final Executor signingExecutor;
    private final Clock clock;
    private final io.netauth.core.oidc.OidcProvider codeGrants;

    private OAuthService(Builder b) {
        this.codeGrants = b.codeGrants;
        this.tokens = Objects.requireNonNull(b.tokens, "tokens");
        this.users = Objects.requireNonNull(b.users, "authenticationService");
        this.changes = Objects.requireNonNull(b.changes, "changeFeed");
        this.blockingExecutor = Objects.requireNonNull(b.blockingExecutor, "blockingExecutor");
        this.signingExecutor = Objects.requireNonNull(b.signingExecutor, "signingExecutor");
        this.clock = b.clock;
        List<String> legacyAudiences = b.settings.get(CoreSettings.CLIENT_ASSERTION_TOKEN_ENDPOINT)
                ? b.assertionAudiences : List.of();
        this.authenticator = new ClientAuthenticator(Objects.requireNonNull(b.clients, "clientStore"),
                tokens.issuerId(), legacyAudiences, tokens.leeway(),
                b.settings.get(CoreSettings.REVOCATION_SYNC_INTERVAL), b.clock);
        this.throttle = new ClientAuthThrottle(b.settings, b.clock);
        changes.on(Change.CLIENT_CHANGED, change -> authenticator.forget(change.subject()));
        tokens.revokedTokens().follow(changes, b.settings.get(CoreSettings.REVOCATION_SYNC_INTERVAL));
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * {@code grant_type=client_credentials}: an access token for the client itself.
     *
     * @param scope     the {@code scope} parameter, or {@code null} for all the client's scopes
     * @param resources the {@code resource} parameters (RFC 8707), possibly none
     * @param address   the caller's address, for the throttle
     */
    public CompletableFuture<ClientGrant> clientCredentials(ClientCredentials credentials, String scope,
            List<String> resources, String address) {
        return authenticated(credentials, address, client -> {
            if (!client.grantTypes().contains(Grants.CLIENT_CREDENTIALS)) {
                throw new OAuthException(OAuthError.UNAUTHORIZED_CLIENT,
                        "This client may not use the client_credentials grant.");
            }
            List<String> scopes = grantedScopes(client, scope);
            List<String> audiences = audiences(client, resources);
            return Offload.to(signingExecutor, "signingExecutor", () -> new ClientGrant(
                    tokens.issueClientToken(client.id(), scopes, audiences, client.tokenTtl()), scopes));
        });
    }

    /**
     * {@code grant_type=authorization_code} (RFC 6749 section 4.1.3): the code redeemed by the authenticated
     * client, with its PKCE verifier; public clients authenticate by {@code client_id} alone.
     */
    public CompletableFuture<io.netauth.core.oidc.CodeGrant> authorizationCode(ClientCredentials credentials,
            String code, String redirectUri, String codeVerifier, String address) {
        if (codeGrants == null) {
            return CompletableFuture.failedFuture(new OAuthException(OAuthError.UNSUPPORTED_GRANT_TYPE,
                    "The authorization_code grant is not offered by this server."));
        }
        return authenticated(credentials, address, client -> codeGrants.redeem(client, code, redirectUri,
                codeVerifier));
    }

    /**
     * {@code grant_type=refresh_token}: the rotation of {@code /auth/refresh}, for a token issued to this client.
     * A {@code scope} parameter may only repeat what was granted; refresh tokens carry no scope yet, so any is
     * refused.
     */
    public CompletableFuture<TokenGrant> refresh(ClientCredentials credentials, String refreshToken, String scope,
            String address) {
        return authenticated(credentials, address, client -> {
            if (!client.grantTypes().contains(Grants.REFRESH_TOKEN)) {
                throw new OAuthException(OAuthError.UNAUTHORIZED_CLIENT,
                        "This client may not use the refresh_token grant.");
            }
            if (scope != null) {
                // RFC 6749 section 6 lets a refresh narrow the scope; this server keeps what was granted.
                throw new OAuthException(OAuthError.INVALID_SCOPE,
                        "A refresh keeps the scopes granted; send no scope parameter.");
            }
            return users.refresh(refreshToken, client.id(), address).exceptionally(failure -> {
                if (Failures.cause(failure) instanceof InvalidTokenException) {
                    throw new OAuthException(OAuthError.INVALID_GRANT,
                            "The refresh token is invalid, expired, revoked or was issued to another client.");
                }
                throw Failures.rethrowable(failure);
            });
        });
    }

    /**
     * RFC 7662: what the token is, for a client allowed to introspect. An access token is checked through the
     * verification cache; a refresh token is looked up without being spent.
     */
    public CompletableFuture<Introspection> introspect(ClientCredentials credentials, String token, String address) {
        return authenticated(credentials, address, client -> {
            if (!client.mayIntrospect()) {
                throw new OAuthException(OAuthError.UNAUTHORIZED_CLIENT, "This client may not introspect tokens.");
            }
            if (looksLikeJwt(token)) {
                return CompletableFuture.completedFuture(introspectAccessToken(token));
            }
            return users.findActiveRefreshToken(token).thenApply(found -> found.map(t -> new Introspection(true,
                    Introspection.REFRESH_TOKEN, t.userId(), t.clientId(), null, List.of(), List.of(), null,
                    earliest(t.expiresAt(), t.familyExpiresAt()), null)).orElse(Introspection.inactive()));
        });
    }

    /**
     * RFC 7009: revokes a token issued to this client (any token, for a client allowed to introspect). An access
     * token is denied by its {@code jti} until its {@code exp}, on every process within the sync interval; a
     * refresh token revokes its family. An unknown, invalid or expired token is no error.
     */
    public CompletableFuture<Void> revoke(ClientCredentials credentials, String token, String address) {
        return authenticated(credentials, address, client -> {
            if (looksLikeJwt(token)) {
                VerifiedToken claims;
                try {
                    claims = tokens.verifyAnyAudience(token);
                } catch (InvalidTokenException e) {
                    return CompletableFuture.completedFuture(null); // nothing to revoke (RFC 7009 section 2.2)
                }
                requireOwner(client, claims.clientId());
                return Offload.to(blockingExecutor, "blockingExecutor", () -> {
                    changes.publish(new Change(Change.TOKEN_REVOKED, claims.tokenId(), clock.instant(),
                            claims.expiresAt()));
                    log.info("Access token {} of {} revoked by client {}", claims.tokenId(), claims.subject(),
                            client.id());
                    return null;
                });
            }
            return users.revokeRefreshToken(token, stored -> {
                requireOwner(client, stored.clientId());
                return true;
            }).thenApply(revoked -> null);
        });
    }

    /** Deletes the spent assertions and the authorization codes that expired, forgets expired revocations; blocks. */
    public int purgeExpired() {
        return authenticator.purgeAssertions(clock.instant()) + tokens.revokedTokens().prune()
                + (codeGrants == null ? 0 : codeGrants.purgeExpired());
    }

    private <T> CompletableFuture<T> authenticated(ClientCredentials credentials, String address,
            Function<OAuthClient, CompletableFuture<T>> then) {
        Duration wait = throttle.waitBefore(address);
        if (!wait.isZero()) {
            return CompletableFuture.failedFuture(new TooManyAttemptsException(wait));
        }
        CompletableFuture<OAuthClient> client;
        try {
            OAuthClient known = authenticator.authenticateIfCached(credentials);
            client = known != null ? CompletableFuture.completedFuture(known)
                    : Offload.to(blockingExecutor, "blockingExecutor", () -> authenticator.authenticate(credentials));
        } catch (OAuthException e) {
            client = CompletableFuture.failedFuture(e);
        }
        return client.whenComplete((ok, failure) -> {
            if (failure != null && Failures.cause(failure) instanceof OAuthException) {
                throttle.failed(address); // overloaded or unavailable is not the client's fault
            }
        }).thenCompose(then);
    }

    private Introspection introspectAccessToken(String token) {
        try {
            VerifiedToken claims = tokens.verifyAnyAudience(token);
            return new Introspection(true, Introspection.ACCESS_TOKEN, claims.subject(), claims.clientId(),
                    claims.username(), claims.scopes(), claims.audience(), claims.issuedAt(), claims.expiresAt(),
                    claims.tokenId());
        } catch (InvalidTokenException e) {
            return Introspection.inactive();
        }
    }

    private static void requireOwner(OAuthClient client, String issuedTo) {
        if (!client.mayIntrospect() && !client.id().equals(issuedTo)) {
            throw new OAuthException(OAuthError.INVALID_REQUEST, "The token was not issued to this client.");
        }
    }

    private static List<String> grantedScopes(OAuthClient client, String scope) {
        if (scope == null) {
            return client.scopes();
        }
        Set<String> asked = new LinkedHashSet<>();
        for (String token : scope.split(" ", -1)) {
            if (token.isEmpty() || !client.scopes().contains(token)) {
                throw new OAuthException(OAuthError.INVALID_SCOPE, token.isEmpty()
                        ? "The scope parameter is malformed."
                        : "The scope '" + safe(token) + "' is not allowed for this client.");
            }
            asked.add(token);
        }
        return List.copyOf(asked);
    }

    /** RFC 8707 section 2: each resource is an absolute URI without a fragment, among the client's audiences. */
    private List<String> audiences(OAuthClient client, List<String> resources) {
        List<String> allowed = client.audiences().isEmpty() ? List.of(tokens.audience()) : client.audiences();
        if (resources.isEmpty()) {
            return allowed;
        }
        Set<String> chosen = new LinkedHashSet<>();
        for (String resource : resources) {
            if (!absoluteWithoutFragment(resource) || !allowed.contains(resource)) {
                throw new OAuthException(OAuthError.INVALID_TARGET,
                        "The resource '" + safe(resource) + "' is not an audience of this client.");
            }
            chosen.add(resource);
        }
        return List.copyOf(chosen);
    }

    private static boolean absoluteWithoutFragment(String value) {
        try {
            URI uri = new URI(value);
            return uri.isAbsolute() && uri.getRawFragment() == null;
        } catch (URISyntaxException e) {
            return false;
        }
    }

    private static String safe(String text) {
        return io.netauth.core.internal.LogSafe.text(text);
    }

    private static boolean looksLikeJwt(String token) {
        int first = token.indexOf('.');
        return first > 0 && token.indexOf('.', first + 1) > first;
    }

    private static Instant earliest(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }

    /** Builds an {@link OAuthService}; not thread-safe. */
    public static final class Builder {
        private ClientStore clients;
        private JwtTokens tokens;
        private AuthenticationService users;
        private ChangeFeed changes;
        private Settings settings = Settings.defaults();
        private Executor blockingExecutor;
        private Executor signingExecutor;
        private Clock clock = Clock.systemUTC();
        private List<String> assertionAudiences = List.of();
        private io.netauth.core.oidc.OidcProvider codeGrants;

        private Builder() {
        }

        /** Optional: redeems authorization codes; without it the grant is unsupported. */
        public Builder codeGrants(io.netauth.core.oidc.OidcProvider provider) {
            this.codeGrants = Objects.requireNonNull(provider, "codeGrants");
            return this;
        }

        /** Required: where clients live. */
        public Builder clientStore(ClientStore store) {
            this.clients = Objects.requireNonNull(store, "clientStore");
            return this;
        }

        /** Required: signs and verifies tokens. */
        public Builder tokens(JwtTokens tokens) {
            this.tokens = Objects.requireNonNull(tokens, "tokens");
            return this;
        }

        /** Required: the refresh token rotation of the JSON login, which the refresh grant shares. */
        public Builder authenticationService(AuthenticationService service) {
            this.users = Objects.requireNonNull(service, "authenticationService");
            return this;
        }

        /** Required: where revocations and client changes are published and read. */
        public Builder changeFeed(ChangeFeed changes) {
            this.changes = Objects.requireNonNull(changes, "changeFeed");
            return this;
        }

        /** Optional: {@code revocation-sync-interval} and the {@code throttle-client-*} settings. */
        public Builder settings(Settings settings) {
            this.settings = Objects.requireNonNull(settings, "settings");
            return this;
        }

        /** Required: runs the stores' blocking calls. */
        public Builder blockingExecutor(Executor executor) {
            this.blockingExecutor = Objects.requireNonNull(executor, "blockingExecutor");
            return this;
        }

        /** Required: runs signatures; keep it apart from password hashing. */
        public Builder signingExecutor(Executor executor) {
            this.signingExecutor = Objects.requireNonNull(executor, "signingExecutor");
            return this;
        }

        /**
         * Optional: the URLs a {@code private_key_jwt} assertion may name as its {@code aud} besides the issuer
         * identifier, each as a single string: the token endpoint's, which RFC 7523 section 3 allowed. Honoured
         * only when the setting {@code client-assertion-token-endpoint} is on; otherwise the issuer alone is
         * accepted (draft-ietf-oauth-rfc7523bis).
         */
        public Builder assertionAudiences(List<String> audiences) {
            this.assertionAudiences = List.copyOf(audiences);
            return this;
        }

        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        public OAuthService build() {
            return new OAuthService(this);
        }
    }
}
