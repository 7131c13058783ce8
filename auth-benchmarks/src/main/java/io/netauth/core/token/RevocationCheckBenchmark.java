package io.netauth.core.token;

import io.netauth.bench.AbstractBenchmark;
import io.netauth.core.UserAccount;
import io.netauth.core.VerifiedToken;
import io.netauth.core.jdbc.AuthDatabase;
import io.netauth.core.jdbc.JdbcSettings;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * What the revocation list costs a cached verification: the same cached token verified with no revoked tokens
 * and with many, and a client token issued for the client-credentials grant (one RS256 signature, its ceiling).
 */
@State(Scope.Benchmark)
public class RevocationCheckBenchmark extends AbstractBenchmark {

    @Param({"0", "10000", "100000"})
    public int revoked;

    private AuthDatabase database;
    private JwtTokens tokens;
    private String token;

    @Setup
    public void setUp() {
        database = AuthDatabase.open(JdbcSettings.of("jdbc:h2:mem:bench-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1",
                "sa", ""));
        tokens = JwtTokens.builder().build(database.signingKeyStore());
        Instant until = Instant.now().plus(Duration.ofHours(1));
        for (int i = 0; i < revoked; i++) {
            tokens.revokedTokens().add(UUID.randomUUID().toString(), until);
        }
        token = tokens.signer().issue(new UserAccount(UUID.randomUUID().toString(), "alice", List.of("user"), true))
                .value();
        tokens.tokenVerifier().verify(token);
    }

    @TearDown
    public void tearDown() {
        database.close();
    }

    @Benchmark
    public VerifiedToken verifyCached() {
        return tokens.tokenVerifier().verify(token);
    }

    @Benchmark
    public String signClientToken() {
        return tokens.issueClientToken("client", List.of("read"), List.of(), null).value();
    }
}
