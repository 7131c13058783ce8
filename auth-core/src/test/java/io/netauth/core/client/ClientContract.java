package io.netauth.core.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.auth0.jwt.JWT;
import com.auth0.jwt.algorithms.Algorithm;
import io.netauth.core.Change;
import io.netauth.core.ChangeFeed;
import io.netauth.core.InvalidInputException;
import io.netauth.core.jdbc.AuthDatabase;
import io.netauth.core.testing.MutableClock;
import io.netauth.core.testing.OpenedDatabase;
import io.netauth.core.testing.PerTestDatabase;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The client registry, client authentication and the change feed on one database; one subclass per database. */
abstract class ClientContract {

    private static final String ISSUER = "https://auth.example";
    private static final String TOKEN_ENDPOINT = ISSUER + "/oauth2/token";

    @RegisterExtension
    final PerTestDatabase opened = new PerTestDatabase(this::openDatabase);

    final MutableClock clock = new MutableClock(Instant.parse("2026-12-01T10:00:00Z"));

    abstract OpenedDatabase openDatabase();

    AuthDatabase database() {
        return opened.database();
    }

    ClientRegistry registry() {
        return new ClientRegistry(database().clientStore(), new ChangeFeed(database().changeStore(), clock), clock);
    }

    /**
     * A JWT of exactly this payload: java-jwt writes an {@code aud} of one element as a string, and an array of one
     * is what a test of the array rule needs.
     */
    static String signed(Algorithm algorithm, String payload) {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        String header = b64.encodeToString(("{\"alg\":\"" + algorithm.getName() + "\",\"typ\":\"JWT\"}")
                .getBytes(java.nio.charset.StandardCharsets.UTF_8));
        String body = b64.encodeToString(payload.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        byte[] signature = algorithm.sign(header.getBytes(java.nio.charset.StandardCharsets.US_ASCII),
                body.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        return header + "." + body + "." + b64.encodeToString(signature);
    }

    ClientAuthenticator authenticator() {
        return new ClientAuthenticator(database().clientStore(), ISSUER, List.of(), Duration.ofSeconds(10),
                Duration.ofSeconds(5), clock);
    }

    /** As {@code client-assertion-token-endpoint} makes it: the token endpoint URL is accepted as well. */
    ClientAuthenticator legacyAuthenticator() {
        return new ClientAuthenticator(database().clientStore(), ISSUER, List.of(TOKEN_ENDPOINT),
                Duration.ofSeconds(10), Duration.ofSeconds(5), clock);
    }

    @Test
    void aClientIsStoredWithEveryColumnAndANameOnlyOnce() {
        ClientRegistry.NewClient added = registry().add(new ClientSpec("orders", Set.of("client_credentials",
                "refresh_token"), List.of("a", "b"), List.of("https://orders.example"), Duration.ofMinutes(5), null,
                true));
        OAuthClient stored = database().clientStore().findById(added.client().id()).orElseThrow().client();
        assertEquals(added.client(), stored);
        assertEquals(Set.of("client_credentials", "refresh_token"), stored.grantTypes());
        assertEquals(Duration.ofMinutes(5), stored.tokenTtl());
        assertTrue(stored.mayIntrospect());
        assertEquals(43, added.secret().length());
        String digest = database().clientStore().findById(added.client().id()).orElseThrow().secretHash();
        assertEquals(64, digest.length(), "only the SHA-256 digest is stored");
        assertFalse(digest.contains(added.secret()));
        InvalidInputException taken = assertThrows(InvalidInputException.class,
                () -> registry().add(ClientSpec.of("orders", List.of())));
        assertTrue(taken.getMessage().contains("already exists"));
        assertThrows(InvalidInputException.class, () -> registry().add(ClientSpec.of("bad name", List.of())));
        assertThrows(InvalidInputException.class, () -> registry().add(ClientSpec.of("s", List.of("a b"))));
        assertThrows(InvalidInputException.class, () -> registry().add(new ClientSpec("g", Set.of("password"),
                List.of(), List.of(), null, null, false)));
        assertEquals(List.of("orders"), registry().list().stream().map(OAuthClient::name).toList());
    }

    @Test
    void aRotatedSecretKeepsWorkingUntilKeepOldEnds() {
        ClientRegistry.NewClient added = registry().add(ClientSpec.of("svc", List.of()));
        String id = added.client().id();
        ClientAuthenticator authenticator = authenticator();
        assertEquals(id, authenticator.authenticate(basic(id, added.secret())).id());
        assertRefused(() -> authenticator.authenticate(basic(id, "wrong")));

        String fresh = registry().rotateSecret("svc", Duration.ofHours(24));
        authenticator.forget(id); // what the change feed does
        assertEquals(id, authenticator.authenticate(basic(id, fresh)).id());
        assertEquals(id, authenticator.authenticate(basic(id, added.secret())).id(), "old secret during keep-old");
        clock.advance(Duration.ofHours(24).plusSeconds(1));
        assertRefused(() -> authenticator.authenticate(basic(id, added.secret())));
        assertEquals(id, authenticator.authenticate(basic(id, fresh)).id());

        registry().setEnabled("svc", false);
        authenticator.forget(id);
        assertRefused(() -> authenticator.authenticate(basic(id, fresh)));
        registry().setEnabled("svc", true);
        authenticator.forget(id);
        assertEquals(id, authenticator.authenticate(basic(id, fresh)).id());
        registry().remove("svc");
        authenticator.forget(id);
        assertRefused(() -> authenticator.authenticate(basic(id, fresh)));
        assertThrows(NoSuchClientException.class, () -> registry().remove("svc"));
    }

    @Test
    void rfc7523Section3AssertionRules() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        KeyPair keys = generator.generateKeyPair();
        RSAPublicKey publicKey = (RSAPublicKey) keys.getPublic();
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        String jwks = "{\"keys\":[{\"kty\":\"RSA\",\"kid\":\"k1\",\"use\":\"sig\",\"n\":\""
                + b64.encodeToString(unsigned(publicKey.getModulus().toByteArray())) + "\",\"e\":\""
                + b64.encodeToString(unsigned(publicKey.getPublicExponent().toByteArray())) + "\"}]}";
        String id = registry().add(new ClientSpec("signed", Set.of(), List.of(), List.of(), null, jwks, false))
                .client().id();
        Algorithm rs256 = Algorithm.RSA256(null, (RSAPrivateKey) keys.getPrivate());
        Instant now = clock.instant();
        ClientAuthenticator authenticator = authenticator();

        String good = JWT.create().withKeyId("k1").withIssuer(id).withSubject(id).withAudience(ISSUER)
                .withExpiresAt(Date.from(now.plusSeconds(60))).withJWTId("one").sign(rs256);
        assertEquals(id, authenticator.authenticate(ClientCredentials.assertion(null, good)).id());
        assertRefused(() -> authenticator.authenticate(ClientCredentials.assertion(id, good))); // item 7: replay
        List<String> refused = new ArrayList<>(List.of(
                // item 2: sub must be the client
                JWT.create().withIssuer(id).withSubject("other").withAudience(ISSUER)
                        .withExpiresAt(Date.from(now.plusSeconds(60))).withJWTId("a").sign(rs256),
                // item 3: aud must name this server
                JWT.create().withIssuer(id).withSubject(id).withAudience("https://elsewhere")
                        .withExpiresAt(Date.from(now.plusSeconds(60))).withJWTId("b").sign(rs256),
                // RFC 7523bis: the issuer identifier, as a single string: neither an array that holds it nor the
                // token endpoint's URL (unless client-assertion-token-endpoint is on)
                JWT.create().withIssuer(id).withSubject(id).withAudience("https://evil.example", ISSUER)
                        .withExpiresAt(Date.from(now.plusSeconds(60))).withJWTId("b2").sign(rs256),
                signed(rs256, "{\"iss\":\"" + id + "\",\"sub\":\"" + id + "\",\"aud\":[\"" + ISSUER
                        + "\"],\"exp\":" + now.plusSeconds(60).getEpochSecond() + ",\"jti\":\"b3\"}"),
                JWT.create().withIssuer(id).withSubject(id).withAudience(TOKEN_ENDPOINT)
                        .withExpiresAt(Date.from(now.plusSeconds(60))).withJWTId("b4").sign(rs256),
                JWT.create().withIssuer(id).withSubject(id).withAudience(ISSUER + "/oauth2/introspect")
                        .withExpiresAt(Date.from(now.plusSeconds(60))).withJWTId("b5").sign(rs256),
                // item 4: exp is required, and in the future
                JWT.create().withIssuer(id).withSubject(id).withAudience(ISSUER).withJWTId("c").sign(rs256),
                JWT.create().withIssuer(id).withSubject(id).withAudience(ISSUER)
                        .withExpiresAt(Date.from(now.minusSeconds(60))).withJWTId("d").sign(rs256),
                // an assertion valid for days would pin its jti for days: refused
                JWT.create().withIssuer(id).withSubject(id).withAudience(ISSUER)
                        .withExpiresAt(Date.from(now.plus(Duration.ofDays(2)))).withJWTId("e").sign(rs256),
                // no jti
                JWT.create().withIssuer(id).withSubject(id).withAudience(ISSUER)
                        .withExpiresAt(Date.from(now.plusSeconds(60))).sign(rs256),
                // alg none
                JWT.create().withIssuer(id).withSubject(id).withAudience(ISSUER)
                        .withExpiresAt(Date.from(now.plusSeconds(60))).withJWTId("f").sign(Algorithm.none())));
        for (String assertion : refused) {
            assertRefused(() -> authenticator.authenticate(ClientCredentials.assertion(null, assertion)));
        }
        // The control of the array of one: the same payload with the audience as a string passes.
        assertEquals(id, authenticator.authenticate(ClientCredentials.assertion(null, signed(rs256, "{\"iss\":\""
                + id + "\",\"sub\":\"" + id + "\",\"aud\":\"" + ISSUER + "\",\"exp\":"
                + now.plusSeconds(60).getEpochSecond() + ",\"jti\":\"b3-control\"}"))).id());
        // A secret does not authenticate a private_key_jwt client.
        assertRefused(() -> authenticator.authenticate(basic(id, "anything")));
        assertThrows(InvalidInputException.class, () -> registry().add(new ClientSpec("k", Set.of(), List.of(),
                List.of(), null, "{\"keys\":[{\"kty\":\"RSA\",\"n\":\"AQAB\",\"e\":\"AQAB\",\"d\":\"AQAB\"}]}", false)),
                "a private key is refused");
        clock.advance(Duration.ofMinutes(2));
        assertEquals(2, database().clientStore().purgeAssertions(clock.instant()), "the two accepted assertions");
    }

    @Test
    void theChangeFeedCarriesChangesToAnotherReaderOnce() {
        ChangeFeed writer = new ChangeFeed(database().changeStore(), clock);
        Instant now = clock.instant();
        writer.publish(new Change(Change.TOKEN_REVOKED, "jti-1", now, now.plusSeconds(600)));
        writer.publish(new Change(Change.TOKEN_REVOKED, "jti-old", now, now.plusSeconds(1)));
        clock.advance(Duration.ofSeconds(2));
        List<String> seen = new ArrayList<>();
        ChangeFeed reader = new ChangeFeed(database().changeStore(), clock)
                .on(Change.TOKEN_REVOKED, change -> seen.add(change.subject()));
        reader.poll();
        assertEquals(List.of("jti-1"), seen, "the first read takes every change not yet expired");
        writer.publish(new Change(Change.CLIENT_CHANGED, "client-1", clock.instant(), clock.instant().plusSeconds(60)));
        writer.publish(new Change(Change.TOKEN_REVOKED, "jti-2", clock.instant(), clock.instant().plusSeconds(60)));
        clock.advance(ChangeFeed.LOOKBACK.plusSeconds(1));
        reader.poll();
        assertTrue(seen.contains("jti-2"));
        seen.clear();
        clock.advance(ChangeFeed.LOOKBACK.plusSeconds(1));
        reader.poll();
        assertEquals(List.of(), seen, "a change is read again only within the look-back");
        clock.advance(Duration.ofHours(1));
        assertEquals(4, writer.purgeExpired(), "expired changes are purged");
        assertNull(database().changeStore().readSince(Instant.EPOCH, clock.instant()).stream().findAny().orElse(null));
    }

    private static ClientCredentials basic(String id, String secret) {
        return ClientCredentials.secret(ClientCredentials.Method.CLIENT_SECRET_BASIC, id, secret);
    }

    private static void assertRefused(org.junit.jupiter.api.function.Executable call) {
        OAuthException e = assertThrows(OAuthException.class, call);
        assertEquals(OAuthError.INVALID_CLIENT, e.error());
        assertEquals("Client authentication failed.", e.getMessage(), "every failure reads the same");
    }

    private static byte[] unsigned(byte[] twosComplement) {
        return twosComplement[0] == 0 ? java.util.Arrays.copyOfRange(twosComplement, 1, twosComplement.length)
                : twosComplement;
    }

    @Test
    void theTokenEndpointAudienceIsAcceptedOnlyWhenTurnedOnAndOnlyAsAString() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        KeyPair keys = generator.generateKeyPair();
        RSAPublicKey publicKey = (RSAPublicKey) keys.getPublic();
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        String jwks = "{\"keys\":[{\"kty\":\"RSA\",\"kid\":\"k1\",\"use\":\"sig\",\"n\":\""
                + b64.encodeToString(unsigned(publicKey.getModulus().toByteArray())) + "\",\"e\":\""
                + b64.encodeToString(unsigned(publicKey.getPublicExponent().toByteArray())) + "\"}]}";
        String id = registry().add(new ClientSpec("older", Set.of(), List.of(), List.of(), null, jwks, false))
                .client().id();
        Algorithm rs256 = Algorithm.RSA256(null, (RSAPrivateKey) keys.getPrivate());
        Date exp = Date.from(clock.instant().plusSeconds(60));
        ClientAuthenticator legacy = legacyAuthenticator();
        assertEquals(id, legacy.authenticate(ClientCredentials.assertion(null, JWT.create().withIssuer(id)
                .withSubject(id).withAudience(TOKEN_ENDPOINT).withExpiresAt(exp).withJWTId("l1").sign(rs256))).id());
        assertEquals(id, legacy.authenticate(ClientCredentials.assertion(null, JWT.create().withIssuer(id)
                .withSubject(id).withAudience(ISSUER).withExpiresAt(exp).withJWTId("l2").sign(rs256))).id());
        assertRefused(() -> legacy.authenticate(ClientCredentials.assertion(null, JWT.create().withIssuer(id)
                .withSubject(id).withAudience("https://evil.example", TOKEN_ENDPOINT).withExpiresAt(exp)
                .withJWTId("l3").sign(rs256))));
        assertRefused(() -> legacy.authenticate(ClientCredentials.assertion(null, JWT.create().withIssuer(id)
                .withSubject(id).withAudience(ISSUER + "/oauth2/introspect").withExpiresAt(exp).withJWTId("l4")
                .sign(rs256))));
    }
}
