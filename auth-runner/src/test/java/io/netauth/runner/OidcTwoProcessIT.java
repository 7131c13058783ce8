package io.netauth.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.oauth2.sdk.AuthorizationCode;
import com.nimbusds.oauth2.sdk.AuthorizationCodeGrant;
import com.nimbusds.oauth2.sdk.OAuth2Error;
import com.nimbusds.oauth2.sdk.RefreshTokenGrant;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.openid.connect.sdk.claims.IDTokenClaimsSet;
import com.nimbusds.openid.connect.sdk.token.OIDCTokens;
import io.netauth.server.testing.BrowserAgent;
import io.netauth.server.testing.OidcClient;
import io.netauth.server.testing.ProxyProcess;
import java.net.URI;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * OpenID Connect across server processes on one PostgreSQL database: a code issued by one is redeemed on the other
 * and is then spent for both; an acknowledged code survives a {@code kill -9} of the process that issued it; a
 * refresh works on either.
 */
class OidcTwoProcessIT {

    private static final String PASSWORD = "correct horse battery";
    private static final String REDIRECT = "https://app.example.test/cb";

    private PostgresRunners runners;

    @BeforeEach
    void database() {
        runners = new PostgresRunners();
    }

    @AfterEach
    void stop() throws Exception {
        runners.close();
    }

    @Test
    void aCodeFromOneProcessIsRedeemedOnTheOtherOnce() throws Exception {
        assertEquals(0, runners.cli(PASSWORD + "\n", "users", "add", "ann", "--password-stdin"));
        assertEquals(0, runners.cli(null, "users", "email", "ann", "ann@example.test", "--verified"));
        RunnerProcess.Cli added = runners.run(null, "clients", "add", "app", "--redirect-uri", REDIRECT,
                "--trusted");
        assertEquals(0, added.exit(), added.output());
        String clientId = field(added.output(), "client_id");
        String secret = field(added.output(), "client_secret");

        int portA = ProxyProcess.freePort();
        String issuer = "http://127.0.0.1:" + portA;
        RunnerProcess a = runners.startOnPort(portA, "--issuer", issuer, "--revocation-sync-interval", "1s");
        RunnerProcess b = runners.start("--issuer", issuer, "--revocation-sync-interval", "1s");
        OidcClient rp = new OidcClient(issuer, clientId, secret, REDIRECT);
        URI tokenOnB = b.uri("/oauth2/token");

        // Authorized on A, redeemed on B.
        BrowserAgent browser = new BrowserAgent(URI.create(issuer)).signsInAs("ann", PASSWORD, null);
        OidcClient.Flow flow = rp.flow("openid email offline_access");
        AuthorizationCode code = rp.code(browser, flow);
        TokenResponse onB = rp.tokenAt(tokenOnB, rp.auth(), new AuthorizationCodeGrant(code, URI.create(REDIRECT),
                flow.verifier()));
        OIDCTokens tokens = OidcClient.tokens(onB);
        IDTokenClaimsSet claims = rp.validate(tokens.getIDToken(), flow.nonce());
        assertEquals("ann@example.test", claims.getStringClaim("email"));
        // Spent for A as well: the one conditional write decided it. The second use revokes what the first gave,
        // on B too: its refresh token no longer works there.
        assertInvalidGrant(rp.redeem(code, flow.verifier()));
        assertInvalidGrant(rp.tokenAt(tokenOnB, rp.auth(), new RefreshTokenGrant(tokens.getRefreshToken())));

        // An acknowledged code (the redirect that carried it) survives a kill -9 of the process that issued it.
        OidcClient.Flow second = rp.flow("openid offline_access");
        AuthorizationCode survivor = rp.code(browser, second);
        runners.kill(a);
        OIDCTokens kept = OidcClient.tokens(rp.tokenAt(tokenOnB, rp.auth(), new AuthorizationCodeGrant(survivor,
                URI.create(REDIRECT), second.verifier())));

        // The refresh token of the code flow rotates on B.
        TokenResponse refreshed = rp.tokenAt(tokenOnB, rp.auth(), new RefreshTokenGrant(kept.getRefreshToken()));
        assertTrue(refreshed.indicatesSuccess());
        assertFalse(refreshed.toSuccessResponse().getTokens().getRefreshToken().equals(kept.getRefreshToken()));
    }

    /** A consent given on one process is known on the other: prompt=none there issues a code without asking. */
    @Test
    void aConsentGivenOnOneProcessHoldsOnTheOther() throws Exception {
        assertEquals(0, runners.cli(PASSWORD + "\n", "users", "add", "bea", "--password-stdin"));
        RunnerProcess.Cli added = runners.run(null, "clients", "add", "shop", "--redirect-uri", REDIRECT);
        assertEquals(0, added.exit(), added.output());
        int portA = ProxyProcess.freePort();
        String issuer = "http://127.0.0.1:" + portA;
        runners.startOnPort(portA, "--issuer", issuer);
        RunnerProcess b = runners.start("--issuer", issuer);
        OidcClient rp = new OidcClient(issuer, field(added.output(), "client_id"),
                field(added.output(), "client_secret"), REDIRECT);

        BrowserAgent onA = new BrowserAgent(URI.create(issuer)).signsInAs("bea", PASSWORD, null);
        rp.code(onA, rp.flow("openid profile"));
        assertEquals(1, onA.consentPages());
        BrowserAgent onB = onA.at(b.uri("/"));
        String silent = onB.open(rp.flow("openid profile", r -> r.prompt(new com.nimbusds.openid.connect.sdk.Prompt(
                com.nimbusds.openid.connect.sdk.Prompt.Type.NONE))).uri().replace(issuer, b.uri("").toString()));
        assertTrue(OidcClient.response(silent).indicatesSuccess(), silent);
        assertEquals(0, onB.consentPages(), "the session and the consent given on A are known on B");
    }

    private static void assertInvalidGrant(TokenResponse response) {
        assertFalse(response.indicatesSuccess());
        assertEquals(OAuth2Error.INVALID_GRANT.getCode(), response.toErrorResponse().getErrorObject().getCode());
    }

    private static String field(String output, String name) {
        Matcher m = Pattern.compile(name + ": (\\S+)").matcher(output);
        assertTrue(m.find(), output);
        return m.group(1);
    }
}
