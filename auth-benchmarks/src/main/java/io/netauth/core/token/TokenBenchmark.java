package io.netauth.core.token;

import com.auth0.jwt.JWT;
import com.auth0.jwt.JWTVerifier;
import com.auth0.jwt.algorithms.Algorithm;
import com.auth0.jwt.interfaces.DecodedJWT;
import io.netauth.bench.AbstractBenchmark;
import io.netauth.core.UserAccount;
import io.netauth.core.internal.KeyMaterial;
import io.netauth.core.jdbc.AuthDatabase;
import io.netauth.core.jdbc.JdbcSettings;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.util.List;
import java.util.UUID;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Signing an access token (what a login adds after the hash) and verifying one (what every service does on
 * every request), per algorithm, with the server's own issuer and java-jwt's verifier.
 */
@State(Scope.Benchmark)
public class TokenBenchmark extends AbstractBenchmark {

    @Param({"RS256", "ES256", "HS256"})
    public String algorithm;

    private AuthDatabase database;
    private JwtTokenIssuer issuer;
    private UserAccount account;
    private JWTVerifier verifier;
    private String token;

    @Setup
    public void setUp() {
        database = AuthDatabase.open(JdbcSettings.of("jdbc:h2:mem:bench-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1",
                "sa", ""));
        issuer = JwtTokenIssuer.builder(database.signingKeyStore()).algorithm(SigningAlgorithm.parse(algorithm))
                .build();
        account = new UserAccount(UUID.randomUUID().toString(), "alice", List.of("user", "admin"), true);
        token = issuer.issue(account).value();
        SigningKey key = issuer.signingKey();
        Algorithm verifying = switch (key.algorithm()) {
            case RS256 -> Algorithm.RSA256((RSAPublicKey) publicKey(key), null);
            case ES256 -> Algorithm.ECDSA256((ECPublicKey) publicKey(key), null);
            case HS256 -> Algorithm.HMAC256(key.privateKey());
        };
        verifier = JWT.require(verifying).withIssuer(issuer.issuer()).withAudience(issuer.audience())
                .withClaimPresence("exp").build();
        verifier.verify(token);
    }

    private static PublicKey publicKey(SigningKey key) {
        return KeyMaterial.publicKey(key);
    }

    @TearDown
    public void tearDown() {
        database.close();
    }

    @Benchmark
    public String sign() {
        return issuer.issue(account).value();
    }

    @Benchmark
    public DecodedJWT verify() {
        return verifier.verify(token);
    }
}
