package io.netauth.core.token;

import io.netauth.core.TokenIssuer;
import io.netauth.core.TokenVerifier;
import io.netauth.core.config.CoreSettings;
import io.netauth.core.config.Settings;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import io.netauth.core.internal.KeyMaterial;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * Everything about access tokens in one immutable, thread-safe object: the signing keys of one algorithm
 * (loaded from a {@link SigningKeyStore}), the {@link TokenIssuer} that signs with the active key, the
 * {@link TokenVerifier} that checks with every unretired key and takes nothing but an access token (typed
 * {@code at+jwt}; see {@link #typedAccessTokensSince()} for those of earlier versions), and key rotation.
 *
 * <pre>{@code
 * JwtTokens tokens = JwtTokens.builder()
 *         .issuer("https://auth.example.com").audience("api").accessTokenTtl(Duration.ofMinutes(15))
 *         .build(database.signingKeyStore());
 * }</pre>
 *
 * {@link Builder#build()}, {@link #reloadKeys()} and {@link #rotateKey()} block on the store.
 */
public final class JwtTokens {

    private final String issuer;
    private final String audience;
    private final Duration accessTokenTtl;
    private final Duration leeway;
    private final Duration keyReloadInterval;
    private final Clock clock;
    private final SigningKeyRing ring;
    private final JwtTokenIssuer signer;
    private final JwtTokenVerifier tokenVerifier;
    private final RevokedTokens revoked;
    private final Instant typedSince;
    private volatile PublishedKeys published;

    private JwtTokens(Settings settings, Clock clock, SigningKeyStore keys, FirstKey firstKey) {
        this.issuer = settings.get(CoreSettings.ISSUER);
        this.audience = settings.get(CoreSettings.AUDIENCE);
        this.accessTokenTtl = settings.get(CoreSettings.TOKEN_TTL);
        this.leeway = settings.get(CoreSettings.TOKEN_LEEWAY);
        this.keyReloadInterval = settings.get(CoreSettings.KEY_RELOAD_INTERVAL);
        this.clock = clock;
        this.ring = SigningKeyRing.load(keys, settings.get(CoreSettings.SIGNING_ALG), clock,
                firstKey == null ? null : firstKey.of(settings.get(CoreSettings.SIGNING_ALG)));
        this.signer = new JwtTokenIssuer(ring, issuer, audience, accessTokenTtl, clock);
        this.revoked = new RevokedTokens(clock);
        this.typedSince = keys.typedAccessTokensSince(clock.instant());
        this.tokenVerifier = new JwtTokenVerifier(ring, issuer, audience, leeway, clock,
                settings.get(CoreSettings.VERIFY_CACHE_SIZE), revoked, typedSince, accessTokenTtl);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Signs access tokens with the active key. */
    public TokenIssuer signer() {
        return signer;
    }

    public TokenVerifier tokenVerifier() {
        return tokenVerifier;
    }

    /**
     * Signs an access token a client gets for itself (RFC 9068): {@code sub} and {@code client_id} are the client
     * id, {@code aud} the audiences (the configured {@code audience} when empty), {@code scope} the scopes; it
     * lives {@code lifetime}, or {@code token-ttl} when {@code null}. CPU only (one signature).
     */
    public io.netauth.core.IssuedToken issueClientToken(String clientId, List<String> scopes, List<String> audiences,
            Duration lifetime) {
        return signer.issueForClient(clientId, scopes, audiences, lifetime);
    }

    /**
     * Signs the access token of an authorization code grant: the user's token of {@link #signer()} with the
     * {@code client_id} and {@code scope} claims, and the {@code jti} {@code tokenId}, chosen beforehand so that
     * it can be recorded (and revoked) before it exists. CPU only.
     */
    public io.netauth.core.IssuedToken issueGrantedToken(io.netauth.core.UserAccount account, List<String> amr,
            String clientId, List<String> scopes, String tokenId) {
        return signer.issue(account, amr, clientId, scopes, tokenId);
    }

    /**
     * Signs an OpenID Connect ID token for the client {@code clientId}, with {@code at_hash} of {@code accessToken}
     * and the user's {@code claims} (such as {@code preferred_username} or {@code email}); it lives
     * {@code token-ttl}. CPU only (one signature).
     *
     * @param nonce the authorization request's {@code nonce}, or {@code null} without one
     */
    public io.netauth.core.IssuedToken issueIdToken(String subject, String clientId, java.time.Instant authTime,
            String nonce, List<String> amr, String accessToken, Map<String, Object> claims) {
        return signer.issueIdToken(subject, clientId, authTime, nonce, amr, accessToken, claims);
    }

    /**
     * Checks an ID token this server issued, expired or not, as an {@code id_token_hint} (OpenID Connect Core
     * section 3.1.2.1, RP-Initiated Logout section 2): signature by a key that still verifies, and issuer. Answers
     * its subject, audience and {@code azp} (as {@link io.netauth.core.VerifiedToken#clientId()}). CPU only.
     *
     * @throws io.netauth.core.InvalidTokenException for anything else
     */
    public io.netauth.core.VerifiedToken verifyIdTokenHint(String idToken) {
        return tokenVerifier.verifyIdTokenHint(idToken);
    }

    /**
     * Verifies a token issued here whatever its audience, through the same cache as {@link #tokenVerifier()}:
     * what introspection and revocation need. CPU only.
     *
     * @throws io.netauth.core.InvalidTokenException as {@link TokenVerifier#verify(String)}, except for the audience
     */
    public io.netauth.core.VerifiedToken verifyAnyAudience(String token) {
        return tokenVerifier.verifyAnyAudience(token);
    }

    /** The access tokens revoked before their {@code exp}; every verification of this object refuses them. */
    public RevokedTokens revokedTokens() {
        return revoked;
    }

    /** Clock skew accepted on {@code exp}, {@code nbf} and {@code iat}. */
    public Duration leeway() {
        return leeway;
    }

    public SigningAlgorithm algorithm() {
        return ring.algorithm();
    }

    /** The key that signs new tokens. */
    public SigningKey activeKey() {
        return ring.activeKey();
    }

    /** Keys that still verify, newest first; the JWKS publishes their public parts. */
    public List<SigningKey> verificationKeys() {
        return ring.verificationKeys();
    }

    /**
     * The public JWKs of the keys that still verify (none for HS256): the body of a JWKS endpoint. Computed
     * once per key set, not per call: decoding the keys is no work for an event loop to repeat.
     */
    public List<Map<String, String>> publicJwks() {
        List<SigningKey> keys = ring.verificationKeys();
        PublishedKeys current = published;
        if (current != null && current.source == keys) {
            return current.jwks;
        }
        List<Map<String, String>> jwks = new ArrayList<>();
        for (SigningKey key : keys) {
            Map<String, String> jwk = KeyMaterial.publicJwk(key);
            if (jwk != null) {
                jwks.add(java.util.Collections.unmodifiableMap(jwk)); // keeps the members' order
            }
        }
        PublishedKeys made = new PublishedKeys(keys, List.copyOf(jwks));
        published = made;
        return made.jwks;
    }

    /** The JWKs made from one key set (the ring's list, compared by identity). */
    private record PublishedKeys(List<SigningKey> source, List<Map<String, String>> jwks) {
    }

    /** Verification cache hits since start. */
    public long verificationCacheHits() {
        return tokenVerifier.cacheHitsAndMisses()[0];
    }

    /** Verification cache misses (signature checks) since start. */
    public long verificationCacheMisses() {
        return tokenVerifier.cacheHitsAndMisses()[1];
    }

    /** Reads the keys again (another process may have rotated); answers whether the active key changed. */
    public boolean reloadKeys() {
        return ring.reload();
    }

    /**
     * Makes a new active key. The previous keys keep verifying for as long as a token they signed can live:
     * every process may sign with the old key until its next reload, and such a token lives
     * {@code accessTokenTtl} plus the leeway. After that they are retired and leave the JWKS.
     */
    public SigningKey rotateKey() {
        Instant retireAt = clock.instant().plus(keyReloadInterval).plus(accessTokenTtl).plus(leeway);
        return ring.rotate(retireAt);
    }

    /**
     * When access tokens became typed {@code at+jwt} on this store (recorded once, by the first process of this
     * version): an untyped access token issued before is honoured until this plus {@code token-ttl} and the leeway.
     */
    public Instant typedAccessTokensSince() {
        return typedSince;
    }

    /** The issuer identifier: the {@code iss} claim of every token. */
    public String issuerId() {
        return issuer;
    }

    public String audience() {
        return audience;
    }

    public Duration accessTokenTtl() {
        return accessTokenTtl;
    }

    public Duration keyReloadInterval() {
        return keyReloadInterval;
    }

    /**
     * Builds {@link JwtTokens}; not thread-safe. Each setter checks its value at once against the setting's
     * declaration in {@link CoreSettings}, whose defaults apply to what is not set.
     */
    public static final class Builder {
        private final Settings.Builder settings = Settings.builder();
        private Clock clock = Clock.systemUTC();
        private FirstKey firstKey;

        private Builder() {
        }

        /** Takes the token settings among {@code values} ({@code issuer}, {@code token-ttl}, ...). */
        public Builder settings(Settings values) {
            settings.setAll(values);
            return this;
        }

        /** The {@code iss} claim; {@code issuer}. */
        public Builder issuer(String issuer) {
            settings.set(CoreSettings.ISSUER, issuer);
            return this;
        }

        /** The {@code aud} claim; {@code audience}. */
        public Builder audience(String audience) {
            settings.set(CoreSettings.AUDIENCE, audience);
            return this;
        }

        /** {@code token-ttl}. */
        public Builder accessTokenTtl(Duration ttl) {
            settings.set(CoreSettings.TOKEN_TTL, ttl);
            return this;
        }

        /** Clock skew accepted on {@code exp}, {@code nbf} and {@code iat}; {@code token-leeway}. */
        public Builder leeway(Duration leeway) {
            settings.set(CoreSettings.TOKEN_LEEWAY, leeway);
            return this;
        }

        /** How soon a key rotated elsewhere is used; {@code key-reload-interval}. */
        public Builder keyReloadInterval(Duration interval) {
            settings.set(CoreSettings.KEY_RELOAD_INTERVAL, interval);
            return this;
        }

        /** {@code signing-alg}. */
        public Builder algorithm(SigningAlgorithm algorithm) {
            settings.set(CoreSettings.SIGNING_ALG, algorithm);
            return this;
        }

        /** Verified tokens remembered, 0 for none; {@code verify-cache-size}. */
        public Builder verificationCacheSize(int entries) {
            settings.set(CoreSettings.VERIFY_CACHE_SIZE, entries);
            return this;
        }

        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * Starts making a signing key now, on a thread of its own, for {@link #build} to store if the store has
         * no active key (and to drop otherwise). A first start then overlaps the generation, a quarter of a
         * second for RS256, with opening and migrating the database. Worth it only when a first start is likely:
         * on a restart it costs a core for that time. Call it after the {@code signing-alg} setting.
         */
        public Builder generateKeyAhead() {
            firstKey = new FirstKey(settings.build().get(CoreSettings.SIGNING_ALG), clock);
            return this;
        }

        /** Loads the keys from the store (making the first one if there is none). Blocks. */
        public JwtTokens build(SigningKeyStore keys) {
            return new JwtTokens(settings.build(), clock, Objects.requireNonNull(keys, "keys"), firstKey);
        }
    }

    /** A key being made ahead of {@link Builder#build}, on a daemon thread that ends with it. */
    private static final class FirstKey {

        private final SigningAlgorithm algorithm;
        private final CompletableFuture<SigningKey> key;

        FirstKey(SigningAlgorithm algorithm, Clock clock) {
            this.algorithm = algorithm;
            Instant asked = clock.instant();
            this.key = CompletableFuture.supplyAsync(
                    () -> KeyMaterial.generate(algorithm, asked, new SecureRandom()), task -> {
                        Thread thread = new Thread(task, "netauth-first-key");
                        thread.setDaemon(true);
                        thread.start();
                    });
        }

        /** The key, waited for, if it is of this algorithm; else a fresh one. */
        Supplier<SigningKey> of(SigningAlgorithm wanted) {
            return wanted == algorithm ? key::join : null;
        }
    }
}
