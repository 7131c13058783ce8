package io.netauth.core.token;

import io.netauth.core.TokenIssuer;
import io.netauth.core.TokenVerifier;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import io.netauth.core.internal.KeyMaterial;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Everything about access tokens in one immutable, thread-safe object: the signing keys of one algorithm
 * (loaded from a {@link SigningKeyStore}), the {@link TokenIssuer} that signs with the active key, the
 * {@link TokenVerifier} that checks with every unretired key, and key rotation.
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

    public static final String DEFAULT_ISSUER = "netauth";
    public static final String DEFAULT_AUDIENCE = "netauth";
    public static final Duration DEFAULT_ACCESS_TOKEN_TTL = Duration.ofMinutes(15);
    public static final Duration DEFAULT_LEEWAY = Duration.ofSeconds(10);
    public static final Duration DEFAULT_KEY_RELOAD_INTERVAL = Duration.ofSeconds(60);
    public static final int DEFAULT_VERIFICATION_CACHE_SIZE = 10_000;

    private final String issuer;
    private final String audience;
    private final Duration accessTokenTtl;
    private final Duration leeway;
    private final Duration keyReloadInterval;
    private final Clock clock;
    private final SigningKeyRing ring;
    private final JwtTokenIssuer tokenIssuer;
    private final JwtTokenVerifier tokenVerifier;
    private volatile PublishedKeys published;

    private JwtTokens(Builder b, SigningKeyStore keys) {
        this.issuer = b.issuer;
        this.audience = b.audience;
        this.accessTokenTtl = b.accessTokenTtl;
        this.leeway = b.leeway;
        this.keyReloadInterval = b.keyReloadInterval;
        this.clock = b.clock;
        this.ring = SigningKeyRing.load(keys, b.algorithm, b.clock);
        this.tokenIssuer = new JwtTokenIssuer(ring, issuer, audience, accessTokenTtl, clock);
        this.tokenVerifier = new JwtTokenVerifier(ring, issuer, audience, leeway, clock, b.verificationCacheSize);
    }

    public static Builder builder() {
        return new Builder();
    }

    public TokenIssuer tokenIssuer() {
        return tokenIssuer;
    }

    public TokenVerifier tokenVerifier() {
        return tokenVerifier;
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

    /** The {@code iss} claim. */
    public String issuer() {
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

    /** Builds {@link JwtTokens}; not thread-safe. Each setter checks its value at once. */
    public static final class Builder {
        private String issuer = DEFAULT_ISSUER;
        private String audience = DEFAULT_AUDIENCE;
        private Duration accessTokenTtl = DEFAULT_ACCESS_TOKEN_TTL;
        private Duration leeway = DEFAULT_LEEWAY;
        private Duration keyReloadInterval = DEFAULT_KEY_RELOAD_INTERVAL;
        private SigningAlgorithm algorithm = SigningAlgorithm.RS256;
        private int verificationCacheSize = DEFAULT_VERIFICATION_CACHE_SIZE;
        private Clock clock = Clock.systemUTC();

        private Builder() {
        }

        public Builder issuer(String issuer) {
            this.issuer = requireText("issuer", issuer);
            return this;
        }

        public Builder audience(String audience) {
            this.audience = requireText("audience", audience);
            return this;
        }

        public Builder accessTokenTtl(Duration ttl) {
            this.accessTokenTtl = requireRange("accessTokenTtl", ttl, Duration.ofSeconds(1), Duration.ofDays(1));
            return this;
        }

        /** Clock skew accepted on {@code exp}, {@code nbf} and {@code iat}. */
        public Builder leeway(Duration leeway) {
            this.leeway = requireRange("leeway", leeway, Duration.ZERO, Duration.ofMinutes(5));
            return this;
        }

        /** How often a server reads the keys again, and so how soon it signs with a key rotated elsewhere. */
        public Builder keyReloadInterval(Duration interval) {
            this.keyReloadInterval = requireRange("keyReloadInterval", interval, Duration.ofSeconds(1),
                    Duration.ofHours(1));
            return this;
        }

        public Builder algorithm(SigningAlgorithm algorithm) {
            this.algorithm = Objects.requireNonNull(algorithm, "algorithm");
            return this;
        }

        /** Verified tokens remembered; 0 turns the cache off. */
        public Builder verificationCacheSize(int entries) {
            if (entries < 0) {
                throw new IllegalArgumentException("verificationCacheSize: " + entries + " (expected: >= 0)");
            }
            this.verificationCacheSize = entries;
            return this;
        }

        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** Loads the keys from the store (making the first one if there is none). Blocks. */
        public JwtTokens build(SigningKeyStore keys) {
            return new JwtTokens(this, Objects.requireNonNull(keys, "keys"));
        }

        private static String requireText(String name, String value) {
            if (value == null || value.isBlank()) {
                throw new IllegalArgumentException(name + ": '" + value + "' (expected: non-empty text)");
            }
            return value;
        }

        private static Duration requireRange(String name, Duration value, Duration min, Duration max) {
            if (value.compareTo(min) < 0 || value.compareTo(max) > 0) {
                throw new IllegalArgumentException(name + ": " + value + " (expected: " + min + " to " + max + ")");
            }
            return value;
        }
    }
}
