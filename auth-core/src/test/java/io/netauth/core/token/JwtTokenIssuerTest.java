package io.netauth.core.token;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.auth0.jwt.JWT;
import com.auth0.jwt.JWTVerifier;
import com.auth0.jwt.algorithms.Algorithm;
import com.auth0.jwt.interfaces.DecodedJWT;
import io.netauth.core.IssuedToken;
import io.netauth.core.UserAccount;
import io.netauth.core.jdbc.AuthDatabase;
import io.netauth.core.testing.TestDatabases;
import java.security.KeyFactory;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class JwtTokenIssuerTest {

    private static final Instant NOW = Instant.parse("2026-11-25T12:00:00.750Z");
    private static final UserAccount ALICE = new UserAccount("id-1", "Alice", List.of("admin", "user"), true);

    private AuthDatabase db;

    @BeforeEach
    void open() {
        db = AuthDatabase.open(TestDatabases.h2Memory());
    }

    @AfterEach
    void close() {
        db.close();
    }

    private JwtTokenIssuer.Builder issuer(SigningAlgorithm alg) {
        return JwtTokenIssuer.builder(db.signingKeyStore()).algorithm(alg).issuer("https://auth.example")
                .audience("api").ttl(Duration.ofMinutes(10)).clock(Clock.fixed(NOW, ZoneOffset.UTC));
    }

    private static JWTVerifier verifier(Algorithm algorithm) {
        return ((JWTVerifier.BaseVerification) JWT.require(algorithm)).build(Clock.fixed(NOW, ZoneOffset.UTC));
    }

    @Test
    void rs256TokenVerifiesWithTheStoredPublicKeyAndCarriesTheClaims() throws Exception {
        IssuedToken token = issuer(SigningAlgorithm.RS256).build().issue(ALICE);
        SigningKey stored = db.signingKeyStore().findByAlgorithm(SigningAlgorithm.RS256).get(0);
        RSAPublicKey publicKey = (RSAPublicKey) KeyFactory.getInstance("RSA")
                .generatePublic(new X509EncodedKeySpec(stored.publicKey()));
        DecodedJWT jwt = ((JWTVerifier.BaseVerification) JWT.require(Algorithm.RSA256(publicKey, null))
                .withIssuer("https://auth.example").withAudience("api"))
                .build(Clock.fixed(NOW, ZoneOffset.UTC)).verify(token.value());

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
    void theKeyIsMadeOnceAndReusedByLaterIssuers() {
        String first = issuer(SigningAlgorithm.RS256).build().signingKey().kid();
        String second = issuer(SigningAlgorithm.RS256).build().signingKey().kid();
        assertEquals(first, second);
        assertEquals(1, db.signingKeyStore().findByAlgorithm(SigningAlgorithm.RS256).size());
    }

    @Test
    void es256AndHs256AreSelectable() throws Exception {
        IssuedToken es = issuer(SigningAlgorithm.ES256).build().issue(ALICE);
        SigningKey esKey = db.signingKeyStore().findByAlgorithm(SigningAlgorithm.ES256).get(0);
        ECPublicKey ecPublic = (ECPublicKey) KeyFactory.getInstance("EC")
                .generatePublic(new X509EncodedKeySpec(esKey.publicKey()));
        assertEquals("ES256", verifier(Algorithm.ECDSA256(ecPublic, null)).verify(es.value()).getAlgorithm());

        IssuedToken hs = issuer(SigningAlgorithm.HS256).build().issue(ALICE);
        SigningKey hsKey = db.signingKeyStore().findByAlgorithm(SigningAlgorithm.HS256).get(0);
        assertNull(hsKey.publicKey());
        assertEquals(32, hsKey.privateKey().length);
        assertEquals("HS256", verifier(Algorithm.HMAC256(hsKey.privateKey())).verify(hs.value()).getAlgorithm());
        assertNotEquals(esKey.kid(), hsKey.kid());
    }
}
