package io.netauth.core.token;

import com.auth0.jwt.JWT;
import com.auth0.jwt.algorithms.Algorithm;
import io.netauth.core.IssuedToken;
import io.netauth.core.TokenIssuer;
import io.netauth.core.UserAccount;
import io.netauth.core.internal.KeyMaterial;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * Signs access tokens with java-jwt. The signing key is the newest key of the configured algorithm in the
 * {@link SigningKeyStore}; the first start makes one. Claims: {@code iss}, {@code aud}, {@code sub} (the
 * account id), {@code preferred_username}, {@code roles}, {@code iat}, {@code exp}, {@code jti}; the header
 * carries {@code kid}.
 *
 * <p>Immutable and thread-safe once built. {@link Builder#build()} blocks on the key store.
 */
public final class JwtTokenIssuer implements TokenIssuer {

    public static final String DEFAULT_ISSUER = "netauth";
    public static final String DEFAULT_AUDIENCE = "netauth";
    public static final Duration DEFAULT_TTL = Duration.ofMinutes(15);

    private final String issuer;
    private final String audience;
    private final Duration ttl;
    private final Clock clock;
    private final SigningKey key;
    private final Algorithm algorithm;

    private JwtTokenIssuer(Builder b, SigningKey key) {
        this.issuer = b.issuer;
        this.audience = b.audience;
        this.ttl = b.ttl;
        this.clock = b.clock;
        this.key = key;
        this.algorithm = KeyMaterial.signingAlgorithm(key);
    }

    public static Builder builder(SigningKeyStore keys) {
        return new Builder(keys);
    }

    @Override
    public IssuedToken issue(UserAccount account) {
        // JWT times are whole seconds; truncating keeps iat/exp and expires_in consistent with each other.
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        Instant expiresAt = now.plus(ttl);
        String token = JWT.create()
                .withKeyId(key.kid())
                .withIssuer(issuer)
                .withAudience(audience)
                .withSubject(account.id())
                .withClaim("preferred_username", account.username())
                .withClaim("roles", account.roles())
                .withIssuedAt(now)
                .withExpiresAt(expiresAt)
                .withJWTId(UUID.randomUUID().toString())
                .sign(algorithm);
        return new IssuedToken(token, now, expiresAt);
    }

    /** The key that signs new tokens. */
    public SigningKey signingKey() {
        return key;
    }

    public String issuer() {
        return issuer;
    }

    public String audience() {
        return audience;
    }

    public Duration ttl() {
        return ttl;
    }

    /** Builds a {@link JwtTokenIssuer}; not thread-safe. */
    public static final class Builder {
        private final SigningKeyStore keys;
        private String issuer = DEFAULT_ISSUER;
        private String audience = DEFAULT_AUDIENCE;
        private Duration ttl = DEFAULT_TTL;
        private SigningAlgorithm algorithm = SigningAlgorithm.RS256;
        private Clock clock = Clock.systemUTC();

        private Builder(SigningKeyStore keys) {
            this.keys = Objects.requireNonNull(keys, "keys");
        }

        public Builder issuer(String issuer) {
            this.issuer = requireText("issuer", issuer);
            return this;
        }

        public Builder audience(String audience) {
            this.audience = requireText("audience", audience);
            return this;
        }

        public Builder ttl(Duration ttl) {
            if (ttl.getSeconds() < 1 || ttl.compareTo(Duration.ofDays(1)) > 0) {
                throw new IllegalArgumentException("token ttl: " + ttl + " (expected: 1s to 24h)");
            }
            this.ttl = ttl;
            return this;
        }

        public Builder algorithm(SigningAlgorithm algorithm) {
            this.algorithm = Objects.requireNonNull(algorithm, "algorithm");
            return this;
        }

        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** Loads the newest key of the algorithm, making and storing one if there is none. Blocks. */
        public JwtTokenIssuer build() {
            List<SigningKey> existing = keys.findByAlgorithm(algorithm);
            if (existing.isEmpty()) {
                keys.insert(KeyMaterial.generate(algorithm, clock.instant(), new SecureRandom()));
                // Read back instead of using our own key: two processes starting at once on one empty
                // database both insert, and both must then pick the same (newest) key.
                existing = keys.findByAlgorithm(algorithm);
            }
            return new JwtTokenIssuer(this, existing.get(0));
        }

        private static String requireText(String name, String value) {
            if (value == null || value.isBlank()) {
                throw new IllegalArgumentException(name + ": '" + value + "' (expected: non-empty text)");
            }
            return value;
        }
    }
}
