package io.netauth.core.token;

import com.auth0.jwt.JWT;
import io.netauth.core.IssuedToken;
import io.netauth.core.TokenIssuer;
import io.netauth.core.UserAccount;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Signs access tokens with java-jwt and the ring's active key. Claims: {@code iss}, {@code aud},
 * {@code sub} (the account id), {@code preferred_username}, {@code roles}, {@code amr}, {@code iat}, {@code exp},
 * {@code jti}; the header carries {@code kid} and, on every access token, {@code typ: at+jwt} (RFC 9068 section
 * 2.1), which tells it apart from an ID token signed with the same key (RFC 8725 section 3.11). Built by
 * {@link JwtTokens}. Thread-safe; CPU only (about a millisecond for RS256).
 */
final class JwtTokenIssuer implements TokenIssuer {

    /** The header of every access token: explicit typing, so that no other JWT of this issuer passes for one. */
    static final Map<String, Object> ACCESS_TOKEN_HEADER = Map.of("typ", JwtTokenVerifier.ACCESS_TOKEN_TYPE);

    private final SigningKeyRing ring;
    private final String issuer;
    private final String audience;
    private final Duration ttl;
    private final Clock clock;

    JwtTokenIssuer(SigningKeyRing ring, String issuer, String audience, Duration ttl, Clock clock) {
        this.ring = ring;
        this.issuer = issuer;
        this.audience = audience;
        this.ttl = ttl;
        this.clock = clock;
    }

    @Override
    public IssuedToken issue(UserAccount account, List<String> amr) {
        return issue(account, amr, null, List.of());
    }

    @Override
    public IssuedToken issue(UserAccount account, List<String> amr, String clientId, List<String> scopes) {
        return issue(account, amr, clientId, scopes, UUID.randomUUID().toString());
    }

    IssuedToken issue(UserAccount account, List<String> amr, String clientId, List<String> scopes, String tokenId) {
        // JWT times are whole seconds; truncating keeps iat/exp and expires_in consistent with each other.
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        Instant expiresAt = now.plus(ttl);
        // One read of the ring: the kid in the header always names the key that signs.
        SigningKeyRing.Signer signer = ring.signer();
        var jwt = JWT.create()
                .withHeader(ACCESS_TOKEN_HEADER)
                .withKeyId(signer.key().kid())
                .withIssuer(issuer)
                .withAudience(audience)
                .withSubject(account.id())
                .withClaim("preferred_username", account.username())
                .withClaim("roles", account.roles())
                .withClaim("amr", amr)
                .withIssuedAt(now)
                .withExpiresAt(expiresAt)
                .withJWTId(tokenId);
        if (clientId != null) {
            jwt.withClaim("client_id", clientId);
        }
        if (!scopes.isEmpty()) {
            jwt.withClaim("scope", String.join(" ", scopes));
        }
        return new IssuedToken(jwt.sign(signer.algorithm()), now, expiresAt);
    }

    /**
     * Signs an OpenID Connect ID token (Core sections 2 and 3.1.3.6): {@code iss}, {@code sub}, {@code aud} and
     * {@code azp} (the client), {@code exp}, {@code iat}, {@code auth_time}, {@code nonce} when the request had
     * one, {@code amr}, {@code at_hash} of the access token it comes with, and the user's claims its scopes allow.
     */
    IssuedToken issueIdToken(String subject, String clientId, Instant authTime, String nonce, List<String> amr,
            String accessToken, Map<String, Object> claims) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        Instant expiresAt = now.plus(ttl);
        SigningKeyRing.Signer signer = ring.signer();
        var jwt = JWT.create()
                .withKeyId(signer.key().kid())
                .withIssuer(issuer)
                .withSubject(subject)
                .withAudience(clientId)
                .withClaim("azp", clientId)
                .withIssuedAt(now)
                .withExpiresAt(expiresAt)
                .withClaim("auth_time", authTime.getEpochSecond())
                .withClaim("amr", amr)
                .withClaim("at_hash", accessTokenHash(accessToken));
        if (nonce != null) {
            jwt.withClaim("nonce", nonce);
        }
        jwt.withPayload(claims);
        return new IssuedToken(jwt.sign(signer.algorithm()), now, expiresAt);
    }

    /**
     * Core section 3.1.3.6: the base64url of the left half of the hash of the access token's ASCII octets, the
     * hash being the one of the signature's algorithm: SHA-256 for RS256, ES256 and HS256 alike.
     */
    static String accessTokenHash(String accessToken) {
        byte[] digest;
        try {
            digest = java.security.MessageDigest.getInstance("SHA-256")
                    .digest(accessToken.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always available", e);
        }
        return java.util.Base64.getUrlEncoder().withoutPadding()
                .encodeToString(java.util.Arrays.copyOf(digest, digest.length / 2));
    }

    /**
     * Signs an access token a client gets for itself, as RFC 9068 section 2 shapes it: header {@code typ}
     * {@code at+jwt}; claims {@code iss}, {@code exp}, {@code aud}, {@code sub} and {@code client_id} (both the
     * client id), {@code iat}, {@code jti}, and {@code scope} when it has any.
     */
    IssuedToken issueForClient(String clientId, List<String> scopes, List<String> audiences, Duration lifetime) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        Instant expiresAt = now.plus(lifetime == null ? ttl : lifetime);
        SigningKeyRing.Signer signer = ring.signer();
        var jwt = JWT.create()
                .withHeader(ACCESS_TOKEN_HEADER)
                .withKeyId(signer.key().kid())
                .withIssuer(issuer)
                .withAudience(audiences.isEmpty() ? new String[] {audience} : audiences.toArray(String[]::new))
                .withSubject(clientId)
                .withClaim("client_id", clientId)
                .withIssuedAt(now)
                .withExpiresAt(expiresAt)
                .withJWTId(UUID.randomUUID().toString());
        if (!scopes.isEmpty()) {
            jwt.withClaim("scope", String.join(" ", scopes));
        }
        return new IssuedToken(jwt.sign(signer.algorithm()), now, expiresAt);
    }
}
