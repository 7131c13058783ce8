package io.netauth.core.token;

import com.auth0.jwt.JWT;
import com.auth0.jwt.JWTVerifier;
import com.auth0.jwt.exceptions.AlgorithmMismatchException;
import com.auth0.jwt.exceptions.IncorrectClaimException;
import com.auth0.jwt.exceptions.JWTDecodeException;
import com.auth0.jwt.exceptions.JWTVerificationException;
import com.auth0.jwt.exceptions.MissingClaimException;
import com.auth0.jwt.exceptions.SignatureVerificationException;
import com.auth0.jwt.exceptions.TokenExpiredException;
import com.auth0.jwt.interfaces.DecodedJWT;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import io.netauth.core.InvalidTokenException;
import io.netauth.core.TokenVerifier;
import io.netauth.core.VerifiedToken;
import io.netauth.core.internal.KeyMaterial;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Verifies access tokens with java-jwt against the ring's unretired keys, and remembers verified tokens in a
 * bounded Caffeine cache whose entries end at the token's {@code exp}, so a repeated token costs a lookup
 * instead of a signature check. Refused: an {@code alg} other than the ring's (so {@code none} too), an
 * unknown or retired {@code kid}, a bad signature, a wrong {@code iss} or {@code aud}, a missing {@code exp},
 * a token outside {@code [nbf, exp]} beyond the leeway, a revoked token (its {@code jti}, or every token of its
 * user or client issued before a point, {@link RevokedTokens}), and any JWT that is not typed {@code at+jwt}
 * (RFC 9068 section 4, RFC 8725 section 3.11): an ID token signed with the same key is no access token.
 *
 * <p>Access tokens of earlier versions carry {@code typ: JWT}. One is still honoured if it has an access token's
 * claims ({@code jti}, none of an ID token's), was issued before {@code typedSince} (the moment the store recorded
 * when the first process of this version loaded the signing keys) and only until
 * {@code typedSince + token-ttl + leeway}; such a token is never cached, so that the window's end holds.
 * Thread-safe; CPU only.
 */
final class JwtTokenVerifier implements TokenVerifier {

    /** The {@code typ} of an access token (RFC 9068 section 2.1). */
    static final String ACCESS_TOKEN_TYPE = "at+jwt";
    /** Claims only an ID token has: a token with one is never taken for an untyped access token. */
    private static final List<String> ID_TOKEN_CLAIMS = List.of("azp", "at_hash", "nonce", "auth_time", "c_hash",
            "sid", "events");

    private final SigningKeyRing ring;
    private final String issuer;
    private final String audience;
    private final Duration leeway;
    private final Clock clock;
    private final Cache<String, VerifiedToken> verified;
    private final RevokedTokens revoked;
    private final Instant typedSince;
    private final Instant untypedUntil;
    private volatile Verifiers verifiers;

    /**
     * @param typedSince from when every access token is typed; untyped ones issued before are honoured until
     *                   {@code typedSince + accessTokenTtl + leeway}
     */
    JwtTokenVerifier(SigningKeyRing ring, String issuer, String audience, Duration leeway, Clock clock,
            int cacheSize, RevokedTokens revoked, Instant typedSince, Duration accessTokenTtl) {
        this.ring = ring;
        this.typedSince = typedSince;
        this.untypedUntil = typedSince.plus(accessTokenTtl).plus(leeway);
        this.revoked = revoked;
        this.issuer = issuer;
        this.audience = audience;
        this.leeway = leeway;
        this.clock = clock;
        // Size 0 means no cache at all: Caffeine evicts asynchronously, so a zero-sized cache would still hit.
        this.verified = cacheSize == 0 ? null : Caffeine.newBuilder()
                .maximumSize(cacheSize)
                .expireAfter(new UntilExpiry(clock))
                .recordStats()
                .build();
    }

    @Override
    public VerifiedToken verify(String token) {
        return verify(token, audience);
    }

    /** The audience and the revocation are checked on every call, cached or not: neither is in the cache key. */
    @Override
    public VerifiedToken verify(String token, String expectedAudience) {
        VerifiedToken claims = claims(token);
        if (!claims.audience().contains(expectedAudience)) {
            throw new InvalidTokenException("audience");
        }
        if (revoked.refuses(claims)) {
            throw new InvalidTokenException("revoked");
        }
        return claims;
    }

    /** As {@link #verify(String)} with any audience: for introspection, which answers for every token issued here. */
    VerifiedToken verifyAnyAudience(String token) {
        VerifiedToken claims = claims(token);
        if (revoked.refuses(claims)) {
            throw new InvalidTokenException("revoked");
        }
        return claims;
    }

    private VerifiedToken claims(String token) {
        if (verified == null) {
            return check(token).claims();
        }
        VerifiedToken cached = verified.getIfPresent(token);
        if (cached != null && clock.instant().isBefore(cached.expiresAt())) {
            return cached;
        }
        Checked fresh = check(token);
        if (fresh.typed()) {
            verified.put(token, fresh.claims());
        }
        return fresh.claims();
    }

    /** A token whose signature and claims were checked, and whether it is typed (else it is not to be cached). */
    private record Checked(VerifiedToken claims, boolean typed) {
    }

    /** Whether the header's {@code typ} is {@code at+jwt}, spelt as RFC 7515 section 4.1.9 allows. */
    static boolean isAccessTokenType(String typ) {
        return typ != null && (typ.equalsIgnoreCase(ACCESS_TOKEN_TYPE)
                || typ.equalsIgnoreCase("application/" + ACCESS_TOKEN_TYPE));
    }

    /**
     * Whether an untyped token is an access token of an earlier version that is still honoured: typed {@code JWT}
     * or not at all, with a {@code jti} and none of an ID token's claims, issued before {@link #typedSince}, and
     * presented before {@link #untypedUntil}.
     */
    private boolean isLegacyAccessToken(DecodedJWT decoded) {
        String typ = decoded.getType();
        if (typ != null && !typ.equalsIgnoreCase("JWT")) {
            return false;
        }
        if (decoded.getId() == null
                || ID_TOKEN_CLAIMS.stream().anyMatch(claim -> !decoded.getClaim(claim).isMissing())) {
            return false;
        }
        Instant issuedAt = decoded.getIssuedAtAsInstant();
        return issuedAt != null && issuedAt.isBefore(typedSince) && clock.instant().isBefore(untypedUntil);
    }

    /** Cache hits and misses since start: {@code [hits, misses]}; zeros without a cache. */
    long[] cacheHitsAndMisses() {
        if (verified == null) {
            return new long[] {0, 0};
        }
        var stats = verified.stats();
        return new long[] {stats.hitCount(), stats.missCount()};
    }

    /**
     * An ID token of this issuer, signature checked and expiry not (what a hint needs); never cached. An access
     * token is no ID token: its {@code typ} refuses it.
     */
    VerifiedToken verifyIdTokenHint(String token) {
        DecodedJWT decoded;
        try {
            decoded = JWT.decode(token);
        } catch (JWTDecodeException e) {
            throw new InvalidTokenException("malformed");
        }
        if (isAccessTokenType(decoded.getType())) {
            throw new InvalidTokenException("not_an_id_token");
        }
        SigningKey key = ring.verificationKeys().stream()
                .filter(k -> k.kid().equals(decoded.getKeyId())).findFirst()
                .orElseThrow(() -> new InvalidTokenException("unknown_key"));
        if (!ring.algorithm().name().equals(decoded.getAlgorithm())) {
            throw new InvalidTokenException("algorithm");
        }
        try {
            JWT.require(KeyMaterial.signingAlgorithm(key)).withIssuer(issuer)
                    .acceptExpiresAt(java.time.Duration.ofDays(36_500).getSeconds()).build().verify(decoded);
        } catch (JWTVerificationException e) {
            throw new InvalidTokenException("invalid");
        }
        List<String> audience = decoded.getAudience();
        String azp = decoded.getClaim("azp").asString();
        return new VerifiedToken(decoded.getSubject(), decoded.getClaim("preferred_username").asString(), List.of(),
                decoded.getIssuer(), audience == null ? List.of() : audience, decoded.getIssuedAtAsInstant(),
                decoded.getExpiresAtAsInstant(), decoded.getId(), azp, List.of(), List.of());
    }

    private Checked check(String token) {
        DecodedJWT decoded;
        try {
            decoded = JWT.decode(token);
        } catch (JWTDecodeException e) {
            throw new InvalidTokenException("malformed");
        }
        if (!ring.algorithm().name().equals(decoded.getAlgorithm())) {
            throw new InvalidTokenException("algorithm");
        }
        JWTVerifier verifier = verifiers().byKid.get(decoded.getKeyId() == null ? "" : decoded.getKeyId());
        if (verifier == null) {
            throw new InvalidTokenException("unknown_key");
        }
        try {
            verifier.verify(decoded);
        } catch (TokenExpiredException e) {
            throw new InvalidTokenException("expired");
        } catch (SignatureVerificationException e) {
            throw new InvalidTokenException("bad_signature");
        } catch (AlgorithmMismatchException e) {
            throw new InvalidTokenException("algorithm");
        } catch (MissingClaimException e) {
            throw new InvalidTokenException("missing_claim");
        } catch (IncorrectClaimException e) {
            throw new InvalidTokenException("nbf".equals(e.getClaimName()) ? "not_yet_valid" : "incorrect_claim");
        } catch (JWTVerificationException e) {
            throw new InvalidTokenException("invalid");
        }
        boolean typed = isAccessTokenType(decoded.getType());
        if (!typed && !isLegacyAccessToken(decoded)) {
            throw new InvalidTokenException("not_an_access_token");
        }
        List<String> roles = decoded.getClaim("roles").asList(String.class);
        List<String> amr = decoded.getClaim("amr").asList(String.class);
        String scope = decoded.getClaim("scope").asString();
        List<String> audience = decoded.getAudience();
        return new Checked(new VerifiedToken(decoded.getSubject(), decoded.getClaim("preferred_username").asString(),
                roles == null ? List.of() : roles, decoded.getIssuer(), audience == null ? List.of() : audience,
                decoded.getIssuedAtAsInstant(), decoded.getExpiresAtAsInstant(), decoded.getId(),
                decoded.getClaim("client_id").asString(),
                scope == null || scope.isBlank() ? List.of() : List.of(scope.trim().split(" +")),
                amr == null ? List.of() : amr), typed);
    }

    /** One java-jwt verifier per verifying key, rebuilt when the ring reloads. */
    private Verifiers verifiers() {
        List<SigningKey> keys = ring.verificationKeys();
        Verifiers current = verifiers;
        if (current != null && current.source == keys) {
            return current;
        }
        Map<String, JWTVerifier> byKid = new HashMap<>();
        for (SigningKey key : keys) {
            JWTVerifier.BaseVerification spec = (JWTVerifier.BaseVerification) JWT
                    .require(KeyMaterial.signingAlgorithm(key))
                    .withIssuer(issuer)
                    .withClaimPresence("exp")
                    .acceptLeeway(leeway.getSeconds());
            byKid.put(key.kid(), spec.build(clock));
        }
        Verifiers built = new Verifiers(keys, Map.copyOf(byKid));
        verifiers = built;
        return built;
    }

    private record Verifiers(List<SigningKey> source, Map<String, JWTVerifier> byKid) {
    }

    /** An entry lives until its token's {@code exp}, never longer. */
    private record UntilExpiry(Clock clock) implements Expiry<String, VerifiedToken> {
        @Override
        public long expireAfterCreate(String token, VerifiedToken claims, long currentTime) {
            return Math.max(0, Duration.between(clock.instant(), claims.expiresAt()).toNanos());
        }

        @Override
        public long expireAfterUpdate(String token, VerifiedToken claims, long currentTime, long currentDuration) {
            return expireAfterCreate(token, claims, currentTime);
        }

        @Override
        public long expireAfterRead(String token, VerifiedToken claims, long currentTime, long currentDuration) {
            return currentDuration;
        }
    }
}
