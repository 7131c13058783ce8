package io.netauth.core.client;

import com.auth0.jwt.JWT;
import com.auth0.jwt.exceptions.JWTDecodeException;
import com.auth0.jwt.exceptions.JWTVerificationException;
import com.auth0.jwt.interfaces.DecodedJWT;
import com.auth0.jwt.JWTVerifier;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.netauth.core.InvalidInputException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Authenticates clients (RFC 6749 section 2.3): a secret by the digest of its current or, until that expires, its
 * previous value, compared in constant time; an assertion (RFC 7523 sections 2.2 and 3) by a signature of one of
 * the client's registered keys, {@code iss} and {@code sub} equal to the client id, an {@code aud} that is the
 * issuer identifier as a single string (draft-ietf-oauth-rfc7523bis, after the OpenID Foundation's advisory on
 * audience injection: an array, or an endpoint's URL, could have been obtained by another server the client talks
 * to), an {@code exp} no further than {@link #MAX_ASSERTION_LIFETIME} ahead, and a {@code jti} never seen before it
 * expires. The token endpoint's URL is accepted too, as a single string, only when the caller passes it as a
 * legacy audience ({@code client-assertion-token-endpoint}). Every failure is the same {@code invalid_client};
 * the reason goes to the debug log.
 *
 * <p>Clients are cached for {@code cacheFor} (the {@code revocation-sync-interval}) and dropped at once when
 * the change feed says one changed, so a grant or an introspection of a known client costs no database read.
 * {@link #authenticateIfCached} never blocks: it answers from the cache or not at all, so no expiry between a
 * check and a lookup can send a database read to the caller's thread.
 */
final class ClientAuthenticator {

    static final Duration MAX_ASSERTION_LIFETIME = Duration.ofHours(1);
    private static final Logger log = LoggerFactory.getLogger(ClientAuthenticator.class);
    private static final String FAILED = "Client authentication failed.";

    private final ClientStore store;
    private final String issuer;
    private final List<String> legacyAudiences;
    private final Duration leeway;
    private final Clock clock;
    private final Cache<String, Optional<StoredClient>> clients;
    private final Cache<String, ClientKeys> keys = Caffeine.newBuilder().maximumSize(1_000).build();

    /**
     * @param issuer          the issuer identifier: the {@code aud} of an assertion
     * @param legacyAudiences other values accepted as the {@code aud} string (the token endpoint URL, for clients
     *                        written before RFC 7523bis), or none
     */
    ClientAuthenticator(ClientStore store, String issuer, List<String> legacyAudiences, Duration leeway,
            Duration cacheFor, Clock clock) {
        this.store = store;
        this.issuer = java.util.Objects.requireNonNull(issuer, "issuer");
        this.legacyAudiences = List.copyOf(legacyAudiences);
        this.leeway = leeway;
        this.clock = clock;
        this.clients = Caffeine.newBuilder().maximumSize(10_000).expireAfterWrite(cacheFor).build();
    }

    /**
     * Authenticates a secret against the cached client, never reading the store; {@code null} when the client is
     * not cached (or the credentials are an assertion, whose {@code jti} must be written), so that the caller
     * hands {@link #authenticate} to a blocking thread.
     *
     * @throws OAuthException {@code invalid_client}, as {@link #authenticate}
     */
    OAuthClient authenticateIfCached(ClientCredentials credentials) {
        if (credentials.method() == ClientCredentials.Method.PRIVATE_KEY_JWT) {
            return null;
        }
        Optional<StoredClient> cached = clients.getIfPresent(credentials.clientId());
        return cached == null ? null : bySecret(credentials, cached.orElse(null));
    }

    int purgeAssertions(Instant now) {
        return store.purgeAssertions(now);
    }

    /** Forgets a client, so the next request reads it again. */
    void forget(String clientId) {
        clients.invalidate(clientId);
    }

    /**
     * The authenticated, enabled client. May block on the store (a cache miss, or any assertion).
     *
     * @throws OAuthException {@code invalid_client} for every failure
     */
    OAuthClient authenticate(ClientCredentials credentials) {
        return credentials.method() == ClientCredentials.Method.PRIVATE_KEY_JWT
                ? byAssertion(credentials)
                : bySecret(credentials, lookup(credentials.clientId()));
    }

    private OAuthClient bySecret(ClientCredentials credentials, StoredClient stored) {
        boolean publicClient = stored != null && stored.client().codeFlow().publicClient();
        if (credentials.method() == ClientCredentials.Method.NONE || publicClient) {
            // A public client proves nothing, and a confidential one never authenticates by name alone.
            if (!publicClient || credentials.method() != ClientCredentials.Method.NONE) {
                throw refused(credentials.clientId(), stored == null ? "unknown client"
                        : publicClient ? "public client sent a secret" : "confidential client sent no secret");
            }
            return enabled(stored);
        }
        if (stored == null || stored.client().usesPrivateKeyJwt()) {
            // Hash anyway, so that an unknown id costs what a wrong secret costs.
            ClientSecrets.matches(credentials.secret(), ClientSecrets.digest(""));
            throw refused(credentials.clientId(), stored == null ? "unknown client" : "client uses private_key_jwt");
        }
        boolean current = ClientSecrets.matches(credentials.secret(), stored.secretHash());
        boolean previous = !current && stored.previousSecretExpiresAt() != null
                && clock.instant().isBefore(stored.previousSecretExpiresAt())
                && ClientSecrets.matches(credentials.secret(), stored.previousSecretHash());
        if (!current && !previous) {
            throw refused(credentials.clientId(), "wrong secret");
        }
        return enabled(stored);
    }

    private OAuthClient byAssertion(ClientCredentials credentials) {
        DecodedJWT assertion;
        try {
            assertion = JWT.decode(credentials.assertion());
        } catch (JWTDecodeException e) {
            throw refused(credentials.clientId(), "malformed assertion");
        }
        String clientId = assertion.getIssuer();
        if (clientId == null || (credentials.clientId() != null && !credentials.clientId().equals(clientId))) {
            throw refused(credentials.clientId(), "assertion issuer does not match client_id");
        }
        StoredClient stored = lookup(clientId);
        if (stored == null || !stored.client().usesPrivateKeyJwt()) {
            throw refused(clientId, stored == null ? "unknown client" : "client has no registered keys");
        }
        ClientKeys registered;
        try {
            registered = keys.get(stored.client().jwks(), ClientKeys::parse);
        } catch (InvalidInputException e) {
            throw refused(clientId, "registered keys unreadable");
        }
        if (!verifiedByAny(registered, assertion, clientId)) {
            throw refused(clientId, "assertion signature or claims invalid");
        }
        // A single string: asString() is null for an array, even of one element.
        String audience = assertion.getClaim("aud").asString();
        if (audience == null || !(audience.equals(issuer) || legacyAudiences.contains(audience))) {
            throw refused(clientId, "assertion audience is not the issuer identifier as a single string");
        }
        Instant expiresAt = assertion.getExpiresAtAsInstant();
        if (expiresAt.isAfter(clock.instant().plus(MAX_ASSERTION_LIFETIME))) {
            throw refused(clientId, "assertion lives longer than " + MAX_ASSERTION_LIFETIME.toMinutes() + " minutes");
        }
        if (assertion.getId() == null || assertion.getId().isEmpty() || assertion.getId().length() > 256) {
            throw refused(clientId, "assertion has no usable jti");
        }
        if (!store.spendAssertion(clientId, assertion.getId(), expiresAt.plus(leeway))) {
            throw refused(clientId, "assertion jti replayed");
        }
        return enabled(stored);
    }

    private boolean verifiedByAny(ClientKeys registered, DecodedJWT assertion, String clientId) {
        for (ClientKeys.Key key : registered.candidates(assertion.getAlgorithm(), assertion.getKeyId())) {
            JWTVerifier verifier = ((JWTVerifier.BaseVerification) JWT.require(key.algorithm())
                    .withIssuer(clientId)
                    .withSubject(clientId)
                    .withClaimPresence("exp")
                    .acceptLeeway(leeway.getSeconds())).build(clock);
            try {
                verifier.verify(assertion);
                return true;
            } catch (JWTVerificationException e) {
                // try the next key with the same algorithm
            }
        }
        return false;
    }

    private StoredClient lookup(String clientId) {
        if (clientId == null || clientId.isEmpty() || clientId.length() > 64) {
            return null;
        }
        return clients.get(clientId, store::findById).orElse(null);
    }

    private OAuthClient enabled(StoredClient stored) {
        if (!stored.client().enabled()) {
            throw refused(stored.client().id(), "client disabled");
        }
        return stored.client();
    }

    private static OAuthException refused(String clientId, String reason) {
        if (log.isDebugEnabled()) {
            log.debug("Client authentication refused for {}: {}", io.netauth.core.internal.LogSafe.text(
                    String.valueOf(clientId)), reason);
        }
        return new OAuthException(OAuthError.INVALID_CLIENT, FAILED);
    }
}
