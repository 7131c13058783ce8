package io.netauth.core.token;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.auth0.jwt.JWT;
import com.auth0.jwt.JWTVerifier;
import com.auth0.jwt.algorithms.Algorithm;
import com.auth0.jwt.interfaces.DecodedJWT;
import io.netauth.core.InvalidTokenException;
import io.netauth.core.IssuedToken;
import io.netauth.core.UserAccount;
import io.netauth.core.VerifiedToken;
import io.netauth.core.internal.KeyMaterial;
import io.netauth.core.jdbc.AuthDatabase;
import io.netauth.core.testing.MutableClock;
import io.netauth.core.testing.TestDatabases;
import java.security.KeyFactory;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class JwtTokensTest {

    private static final Instant START = Instant.parse("2026-11-25T12:00:00.750Z");
    private static final UserAccount ALICE = new UserAccount("id-1", "Alice", List.of("admin", "user"), true);

    private final MutableClock clock = new MutableClock(START);
    private AuthDatabase db;

    @BeforeEach
    void open() {
        db = AuthDatabase.open(TestDatabases.h2Memory());
    }

    @AfterEach
    void close() {
        db.close();
    }

    private JwtTokens.Builder tokens(SigningAlgorithm alg) {
        return JwtTokens.builder().algorithm(alg).issuer("https://auth.example")
                .audience("api").accessTokenTtl(Duration.ofMinutes(10)).leeway(Duration.ofSeconds(5)).clock(clock);
    }

    private JWTVerifier verifier(Algorithm algorithm) {
        return ((JWTVerifier.BaseVerification) JWT.require(algorithm)).build(clock);
    }

    /** A JWT typed as an access token (RFC 9068 section 2.1), as every access token of this server is. */
    private static com.auth0.jwt.JWTCreator.Builder typed() {
        return JWT.create().withHeader(java.util.Map.of("typ", "at+jwt"));
    }

    private static String reason(JwtTokens tokens, String token) {
        return assertThrows(InvalidTokenException.class, () -> tokens.tokenVerifier().verify(token)).reason();
    }

    @Test
    void rs256TokenVerifiesWithTheStoredPublicKeyAndCarriesTheClaims() throws Exception {
        IssuedToken token = tokens(SigningAlgorithm.RS256).build(db.signingKeyStore()).signer().issue(ALICE);
        SigningKey stored = db.signingKeyStore().findByAlgorithm(SigningAlgorithm.RS256).get(0);
        RSAPublicKey publicKey = (RSAPublicKey) KeyFactory.getInstance("RSA")
                .generatePublic(new X509EncodedKeySpec(stored.publicKey()));
        DecodedJWT jwt = ((JWTVerifier.BaseVerification) JWT.require(Algorithm.RSA256(publicKey, null))
                .withIssuer("https://auth.example").withAudience("api")).build(clock).verify(token.value());

        assertEquals("RS256", jwt.getAlgorithm());
        assertEquals(stored.kid(), jwt.getKeyId());
        assertEquals("id-1", jwt.getSubject());
        assertEquals("Alice", jwt.getClaim("preferred_username").asString());
        assertEquals(List.of("admin", "user"), jwt.getClaim("roles").asList(String.class));
        assertEquals(Instant.parse("2026-11-25T12:00:00Z"), jwt.getIssuedAtAsInstant());
        assertEquals(Instant.parse("2026-11-25T12:10:00Z"), jwt.getExpiresAtAsInstant());
        assertEquals(600, token.expiresInSeconds());
        assertEquals(36, jwt.getId().length());
        assertEquals(2048, publicKey.getModulus().bitLength());
    }

    @Test
    void theKeyIsMadeOnceAndReusedByLaterBuilds() {
        String first = tokens(SigningAlgorithm.RS256).build(db.signingKeyStore()).activeKey().kid();
        String second = tokens(SigningAlgorithm.RS256).build(db.signingKeyStore()).activeKey().kid();
        assertEquals(first, second);
        assertEquals(1, db.signingKeyStore().findByAlgorithm(SigningAlgorithm.RS256).size());
    }

    @Test
    void es256AndHs256AreSelectable() throws Exception {
        IssuedToken es = tokens(SigningAlgorithm.ES256).build(db.signingKeyStore()).signer().issue(ALICE);
        SigningKey esKey = db.signingKeyStore().findByAlgorithm(SigningAlgorithm.ES256).get(0);
        ECPublicKey ecPublic = (ECPublicKey) KeyFactory.getInstance("EC")
                .generatePublic(new X509EncodedKeySpec(esKey.publicKey()));
        assertEquals("ES256", verifier(Algorithm.ECDSA256(ecPublic, null)).verify(es.value()).getAlgorithm());

        IssuedToken hs = tokens(SigningAlgorithm.HS256).build(db.signingKeyStore()).signer().issue(ALICE);
        SigningKey hsKey = db.signingKeyStore().findByAlgorithm(SigningAlgorithm.HS256).get(0);
        assertNull(hsKey.publicKey());
        assertEquals(32, hsKey.privateKey().length);
        assertEquals("HS256", verifier(Algorithm.HMAC256(hsKey.privateKey())).verify(hs.value()).getAlgorithm());
        assertNotEquals(esKey.kid(), hsKey.kid());
    }

    @Test
    void verifierAnswersTheClaimsOfAGoodToken() {
        JwtTokens tokens = tokens(SigningAlgorithm.RS256).build(db.signingKeyStore());
        VerifiedToken claims = tokens.tokenVerifier().verify(tokens.signer().issue(ALICE).value());
        assertEquals("id-1", claims.subject());
        assertEquals("Alice", claims.username());
        assertEquals(List.of("admin", "user"), claims.roles());
        assertEquals(List.of("api"), claims.audience());
        assertEquals("https://auth.example", claims.issuer());
    }

    @Test
    void expiredTokensAreRefusedAfterTheLeewayEvenWhenCached() {
        JwtTokens tokens = tokens(SigningAlgorithm.RS256).build(db.signingKeyStore());
        String token = tokens.signer().issue(ALICE).value();
        tokens.tokenVerifier().verify(token); // cached now
        clock.advance(Duration.ofMinutes(10).plusSeconds(3));
        tokens.tokenVerifier().verify(token); // within the 5 s leeway
        clock.advance(Duration.ofSeconds(3));
        assertEquals("expired", reason(tokens, token));
    }

    @Test
    void repeatedTokensComeFromTheCache() {
        JwtTokens tokens = tokens(SigningAlgorithm.RS256).build(db.signingKeyStore());
        String token = tokens.signer().issue(ALICE).value();
        assertSame(tokens.tokenVerifier().verify(token), tokens.tokenVerifier().verify(token));
        JwtTokens uncached = tokens(SigningAlgorithm.RS256).verificationCacheSize(0).build(db.signingKeyStore());
        VerifiedToken first = uncached.tokenVerifier().verify(token);
        VerifiedToken second = uncached.tokenVerifier().verify(token);
        assertEquals(first, second);
        assertTrue(first != second, "without a cache every call checks the signature again");
    }

    @Test
    void foreignIssuerAudienceAndSignaturesAreRefused() {
        JwtTokens tokens = tokens(SigningAlgorithm.RS256).build(db.signingKeyStore());
        Algorithm ours = KeyMaterial.signingAlgorithm(tokens.activeKey());
        String kid = tokens.activeKey().kid();
        Instant exp = clock.instant().plusSeconds(60);
        assertEquals("incorrect_claim", reason(tokens, typed().withKeyId(kid).withIssuer("evil")
                .withAudience("api").withExpiresAt(exp).sign(ours)));
        assertEquals("audience", reason(tokens, typed().withKeyId(kid).withIssuer("https://auth.example")
                .withAudience("other").withExpiresAt(exp).sign(ours)));
        assertEquals("missing_claim", reason(tokens, typed().withKeyId(kid).withIssuer("https://auth.example")
                .withAudience("api").sign(ours)));
        assertEquals("not_yet_valid", reason(tokens, typed().withKeyId(kid).withIssuer("https://auth.example")
                .withAudience("api").withExpiresAt(exp).withNotBefore(clock.instant().plusSeconds(60)).sign(ours)));
        // The control: the same claims pass, so the refusals above are for the claim each one breaks.
        tokens.tokenVerifier().verify(typed().withKeyId(kid).withIssuer("https://auth.example")
                .withAudience("api").withExpiresAt(exp).sign(ours));

        String good = tokens.signer().issue(ALICE).value();
        String[] parts = good.split("\\.");
        String tampered = parts[0] + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(
                "{\"sub\":\"admin\",\"iss\":\"https://auth.example\",\"aud\":\"api\",\"exp\":4102444800}".getBytes())
                + "." + parts[2];
        assertEquals("bad_signature", reason(tokens, tampered));
        assertEquals("malformed", reason(tokens, "not-a-jwt"));
        assertEquals("malformed", reason(tokens, ""));
    }

    /** A first key made ahead (while the database is opened) is the one stored; an existing key wins over it. */
    @Test
    void aKeyMadeAheadIsStoredOnlyWhenThereIsNone() {
        JwtTokens.Builder first = tokens(SigningAlgorithm.RS256).generateKeyAhead();
        clock.advance(Duration.ofSeconds(30)); // the database takes its time
        JwtTokens tokens = first.build(db.signingKeyStore());
        assertEquals(START, tokens.activeKey().createdAt(), "made when asked, not at build");
        assertEquals(1, db.signingKeyStore().findByAlgorithm(SigningAlgorithm.RS256).size());

        JwtTokens again = tokens(SigningAlgorithm.RS256).generateKeyAhead().build(db.signingKeyStore());
        assertEquals(tokens.activeKey().kid(), again.activeKey().kid());
        assertEquals(1, db.signingKeyStore().findByAlgorithm(SigningAlgorithm.RS256).size());

        // Made for another algorithm than the one built: not used.
        JwtTokens ec = tokens(SigningAlgorithm.RS256).generateKeyAhead().algorithm(SigningAlgorithm.ES256)
                .build(db.signingKeyStore());
        assertEquals(SigningAlgorithm.ES256, ec.activeKey().algorithm());
    }

    @Test
    void otherAlgorithmsNoneAndUnknownKeysAreRefused() {
        JwtTokens tokens = tokens(SigningAlgorithm.RS256).build(db.signingKeyStore());
        String kid = tokens.activeKey().kid();
        Instant exp = clock.instant().plusSeconds(60);
        // HS256 keyed with the RSA public key: the classic algorithm-confusion forgery.
        String confused = JWT.create().withKeyId(kid).withIssuer("https://auth.example").withAudience("api")
                .withExpiresAt(exp).sign(Algorithm.HMAC256(tokens.activeKey().publicKey()));
        assertEquals("algorithm", reason(tokens, confused));
        String none = JWT.create().withKeyId(kid).withIssuer("https://auth.example").withAudience("api")
                .withExpiresAt(exp).sign(Algorithm.none());
        assertEquals("algorithm", reason(tokens, none));
        JwtTokens other = JwtTokens.builder().issuer("https://auth.example").audience("api").clock(clock)
                .build(AuthDatabase.open(TestDatabases.h2Memory()).signingKeyStore());
        assertEquals("unknown_key", reason(tokens, other.signer().issue(ALICE).value()));
    }

    @Test
    void rotationKeepsOldTokensValidUntilTheOldKeyRetires() {
        JwtTokens tokens = tokens(SigningAlgorithm.RS256).keyReloadInterval(Duration.ofSeconds(60)).build(db.signingKeyStore());
        SigningKey old = tokens.activeKey();
        String oldToken = tokens.signer().issue(ALICE).value();

        SigningKey fresh = tokens.rotateKey();
        assertNotEquals(old.kid(), fresh.kid());
        assertEquals(fresh.kid(), JWT.decode(tokens.signer().issue(ALICE).value()).getKeyId());
        tokens.tokenVerifier().verify(oldToken);
        assertEquals(2, tokens.verificationKeys().size());

        // retire at rotation + reload interval + ttl + leeway = 60 s + 10 min + 5 s
        clock.advance(Duration.ofMinutes(11).plusSeconds(5));
        tokens.reloadKeys();
        assertEquals(List.of(fresh.kid()), tokens.verificationKeys().stream().map(SigningKey::kid).toList());
    }

    @Test
    void anotherProcessPicksUpARotationOnReload() {
        JwtTokens here = tokens(SigningAlgorithm.RS256).build(db.signingKeyStore());
        JwtTokens there = tokens(SigningAlgorithm.RS256).build(db.signingKeyStore());
        SigningKey rotated = there.rotateKey();
        assertNotEquals(rotated.kid(), here.activeKey().kid());
        String signedThere = there.signer().issue(ALICE).value();
        assertEquals("unknown_key", reason(here, signedThere));
        assertTrue(here.reloadKeys());
        assertEquals(rotated.kid(), here.activeKey().kid());
        here.tokenVerifier().verify(signedThere);
    }

    @Test
    void settingsAreValidatedWithTheirName() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> JwtTokens.builder().accessTokenTtl(Duration.ZERO));
        assertEquals("token-ttl: '0s' (expected: 1s to 1d)", e.getMessage());
    }

    @Test
    void everyAccessTokenIsTypedAtJwt() {
        JwtTokens tokens = tokens(SigningAlgorithm.RS256).build(db.signingKeyStore());
        // RFC 9068 section 2.1: a user's token, a granted one and a client's own alike.
        assertEquals("at+jwt", JWT.decode(tokens.signer().issue(ALICE).value()).getType());
        assertEquals("at+jwt", JWT.decode(tokens.issueGrantedToken(ALICE, List.of("pwd"), "app", List.of("openid"),
                "jti-1").value()).getType());
        assertEquals("at+jwt", JWT.decode(tokens.issueClientToken("svc", List.of(), List.of(), null).value())
                .getType());
    }

    @Test
    void idTokenIsNotAnAccessToken() {
        // RFC 8725 section 3.11 and RFC 9068 section 4: an ID token signed with the same key is refused wherever
        // an access token is expected, whatever audience the caller names (its own is the client's).
        JwtTokens tokens = tokens(SigningAlgorithm.RS256).build(db.signingKeyStore());
        String access = tokens.issueGrantedToken(ALICE, List.of("pwd"), "app", List.of("openid"), "jti-2").value();
        String idToken = tokens.issueIdToken("id-1", "app", START, "n-1", List.of("pwd"), access,
                java.util.Map.of("preferred_username", "Alice")).value();
        assertEquals("not_an_access_token", reason(tokens, idToken));
        assertEquals("not_an_access_token", assertThrows(InvalidTokenException.class,
                () -> tokens.tokenVerifier().verify(idToken, "app")).reason());
        assertEquals("not_an_access_token", assertThrows(InvalidTokenException.class,
                () -> tokens.verifyAnyAudience(idToken)).reason());
        // ...while it stays what an id_token_hint must be, and an access token is not one.
        assertEquals("id-1", tokens.verifyIdTokenHint(idToken).subject());
        assertEquals("not_an_id_token", assertThrows(InvalidTokenException.class,
                () -> tokens.verifyIdTokenHint(access)).reason());
        assertEquals("id-1", tokens.tokenVerifier().verify(access).subject());
    }

    /** An access token as the versions before explicit typing signed it: header typ JWT. */
    private static String untypedAccessToken(JwtTokens tokens, Instant issuedAt, Duration lifetime) {
        return JWT.create().withKeyId(tokens.activeKey().kid()).withIssuer("https://auth.example")
                .withAudience("api").withSubject("id-1").withClaim("preferred_username", "Alice")
                .withClaim("roles", List.of("user")).withClaim("amr", List.of("pwd")).withIssuedAt(issuedAt)
                .withExpiresAt(issuedAt.plus(lifetime)).withJWTId(java.util.UUID.randomUUID().toString())
                .sign(KeyMaterial.signingAlgorithm(tokens.activeKey()));
    }

    @Test
    void untypedLegacyTokenIsHonouredOnlyWithinTheUpgradeWindow() {
        JwtTokens tokens = tokens(SigningAlgorithm.RS256).build(db.signingKeyStore());
        Instant upgrade = tokens.typedAccessTokensSince();
        assertEquals(START, upgrade);
        // Issued before the upgrade by an earlier version, with a day to live (its token-ttl was longer).
        String before = untypedAccessToken(tokens, upgrade.minusSeconds(60), Duration.ofDays(1));
        String afterwards = untypedAccessToken(tokens, upgrade.plusSeconds(1), Duration.ofDays(1));
        clock.advance(Duration.ofMinutes(5));
        assertEquals("id-1", tokens.tokenVerifier().verify(before).subject());
        assertEquals("id-1", tokens.verifyAnyAudience(before).subject());
        assertEquals("not_an_access_token", reason(tokens, afterwards), "issued after the upgrade: not honoured");
        // The window ends token-ttl (10 min) and the leeway (5 s) after the upgrade, whatever the token's exp,
        // and no cache entry outlives it.
        clock.advance(Duration.ofMinutes(5).plusSeconds(4));
        tokens.tokenVerifier().verify(before);
        clock.advance(Duration.ofSeconds(1));
        assertEquals("not_an_access_token", reason(tokens, before));
    }

    @Test
    void theUpgradeMomentIsRecordedOnceForEveryProcessOnTheStore() {
        JwtTokens first = tokens(SigningAlgorithm.RS256).build(db.signingKeyStore());
        clock.advance(Duration.ofHours(3));
        JwtTokens restarted = tokens(SigningAlgorithm.RS256).build(db.signingKeyStore());
        assertEquals(START, restarted.typedAccessTokensSince(), "a later start does not open the window again");
        String old = untypedAccessToken(first, START.minusSeconds(1), Duration.ofDays(1));
        assertEquals("not_an_access_token", reason(restarted, old));
    }
}
