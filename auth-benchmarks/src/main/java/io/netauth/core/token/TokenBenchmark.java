package io.netauth.core.token;

import com.auth0.jwt.JWT;
import com.auth0.jwt.JWTVerifier;
import com.auth0.jwt.interfaces.DecodedJWT;
import io.netauth.bench.AbstractBenchmark;
import io.netauth.core.TokenVerifier;
import io.netauth.core.UserAccount;
import io.netauth.core.VerifiedToken;
import io.netauth.core.internal.KeyMaterial;
import io.netauth.core.jdbc.AuthDatabase;
import io.netauth.core.jdbc.JdbcSettings;
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
 * every request), per algorithm: java-jwt's bare verifier, and the server's {@link TokenVerifier} with its
 * cache (a repeated token) and without it (every call a signature check).
 */
@State(Scope.Benchmark)
public class TokenBenchmark extends AbstractBenchmark {

    @Param({"RS256", "ES256", "HS256"})
    public String algorithm;

    private AuthDatabase database;
    private JwtTokens tokens;
    private TokenVerifier uncached;
    private UserAccount account;
    private JWTVerifier bareVerifier;
    private String token;

    @Setup
    public void setUp() {
        database = AuthDatabase.open(JdbcSettings.of("jdbc:h2:mem:bench-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1",
                "sa", ""));
        SigningAlgorithm alg = SigningAlgorithm.parse(algorithm);
        tokens = JwtTokens.builder().algorithm(alg).build(database.signingKeyStore());
        uncached = JwtTokens.builder().algorithm(alg).verificationCacheSize(0).build(database.signingKeyStore())
                .tokenVerifier();
        account = new UserAccount(UUID.randomUUID().toString(), "alice", List.of("user", "admin"), true);
        token = tokens.signer().issue(account).value();
        bareVerifier = JWT.require(KeyMaterial.signingAlgorithm(tokens.activeKey())).withIssuer(tokens.issuerId())
                .withAudience(tokens.audience()).withClaimPresence("exp").build();
        bareVerifier.verify(token);
        uncached.verify(token);
    }

    @TearDown
    public void tearDown() {
        database.close();
    }

    @Benchmark
    public String sign() {
        return tokens.signer().issue(account).value();
    }

    @Benchmark
    public DecodedJWT verifyJavaJwt() {
        return bareVerifier.verify(token);
    }

    @Benchmark
    public VerifiedToken verifyServerUncached() {
        return uncached.verify(token);
    }

    @Benchmark
    public VerifiedToken verifyServerCached() {
        return tokens.tokenVerifier().verify(token);
    }
}
