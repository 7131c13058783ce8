package io.netauth.server;

import static io.netauth.server.FormerAdminTest.call;
import static io.netauth.server.FormerAdminTest.token;
import static io.netauth.server.LoginContractTest.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.oauth2.sdk.OAuth2Error;
import com.nimbusds.oauth2.sdk.RefreshTokenGrant;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.openid.connect.sdk.token.OIDCTokens;
import io.netauth.core.client.ClientRegistry;
import io.netauth.core.client.ClientSpec;
import io.netauth.core.client.CodeFlow;
import io.netauth.core.config.CoreSettings;
import io.netauth.core.config.Settings;
import io.netauth.server.testing.BrowserAgent;
import io.netauth.server.testing.OidcClient;
import io.netauth.server.testing.RunningServer;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Disabling or removing a client revokes its tokens (RFC 9700 section 2.2 and section 4.14.2: what a compromised
 * client holds stops working): every access token carrying its {@code client_id}, its own and its users', is
 * refused by {@code /auth/verify}, introspection and userinfo, and its refresh token families are revoked, so that
 * enabling it again brings none of them back.
 */
class DisabledClientTokensTest {

    private static final String REDIRECT = "https://shop.example.test/callback";
    private static final String PASSWORD = "correct horse battery";
    private static final Duration SYNC = Duration.ofMillis(200);

    private static RunningServer start() {
        return RunningServer.builder().issuerOnPort().config(b -> b.adminApi(true, "admin")
                .settings(Settings.builder().setAll(RunningServer.UNTHROTTLED)
                        .set(CoreSettings.REVOCATION_SYNC_INTERVAL, SYNC).build())).start();
    }

    private static String admin(RunningServer s) throws Exception {
        s.addUser("root", "root password", "admin");
        return token(s, "root", "root password");
    }

    private static HttpResponse<String> clientCredentials(RunningServer s, String basic) {
        return s.postForm("/oauth2/token", basic, "grant_type=client_credentials");
    }

    private static boolean active(RunningServer s, String gateway, String token) throws Exception {
        return json(s.postForm("/oauth2/introspect", gateway, "token=" + token)).get("active").asBoolean();
    }

    private static String gateway(RunningServer s) {
        ClientRegistry.NewClient gateway = s.addClient(new ClientSpec("gateway", Set.of(), List.of(), List.of(),
                null, null, true));
        return RunningServer.basic(gateway.client().id(), gateway.secret());
    }

    private static HttpResponse<String> userinfo(RunningServer s, String accessToken) {
        return s.send(HttpRequest.newBuilder(s.uri("/oauth2/userinfo")).header("Authorization", "Bearer "
                + accessToken).GET().build());
    }

    /** A user signed in to the code-flow client {@code shop} with {@code openid offline_access}. */
    private static OIDCTokens signedIn(RunningServer s, OidcClient rp) throws Exception {
        s.addUser("pia", PASSWORD);
        BrowserAgent browser = new BrowserAgent(URI.create(s.tokens().issuerId())).signsInAs("pia", PASSWORD, null);
        return rp.signIn(browser, rp.flow("openid offline_access"));
    }

    private static ClientRegistry.NewClient shop(RunningServer s) {
        return s.addClient(new ClientSpec("shop", Set.of(), List.of(), List.of(), null, null, false,
                new CodeFlow(List.of(REDIRECT), List.of(), false, true)));
    }

    @Test
    void disabledClientsTokensStopPassingVerifyAndIntrospection() throws Exception {
        try (RunningServer s = start()) {
            String admin = admin(s);
            String gateway = gateway(s);
            ClientRegistry.NewClient svc = s.addClient(ClientSpec.of("svc", List.of("jobs")));
            String basic = RunningServer.basic(svc.client().id(), svc.secret());
            String access = json(clientCredentials(s, basic)).get("access_token").asText();
            HttpResponse<String> verified = s.verify("Bearer " + access);
            assertEquals(200, verified.statusCode());
            assertEquals(svc.client().id(), verified.headers().firstValue("X-Auth-Client").orElseThrow());
            assertTrue(active(s, gateway, access));

            assertEquals(204, call(s, "POST", "/admin/clients/svc/disable", admin, null).statusCode());
            assertEquals(401, s.verify("Bearer " + access).statusCode());
            assertFalse(active(s, gateway, access));
            assertEquals(401, clientCredentials(s, basic).statusCode(), "a disabled client gets no new token");

            // Enabled again: the old token stays refused. A process that cached the client may have issued tokens
            // up to one sync interval after the disable; those are refused too, then new ones pass.
            assertEquals(204, call(s, "POST", "/admin/clients/svc/enable", admin, null).statusCode());
            Thread.sleep(SYNC.toMillis());
            FormerAdminTest.untilTheNextSecond();
            String fresh = json(clientCredentials(s, basic)).get("access_token").asText();
            assertEquals(200, s.verify("Bearer " + fresh).statusCode());
            assertEquals(401, s.verify("Bearer " + access).statusCode());
        }
    }

    /** A user's token issued through the client (the code flow), as well as the client's own. */
    @Test
    void deletedClientsTokensStopPassingVerifyAndUserinfo() throws Exception {
        try (RunningServer s = start()) {
            String admin = admin(s);
            ClientRegistry.NewClient shop = shop(s);
            OidcClient rp = new OidcClient(s.tokens().issuerId(), shop.client().id(), shop.secret(), REDIRECT);
            OIDCTokens tokens = signedIn(s, rp);
            String access = tokens.getAccessToken().getValue();
            HttpResponse<String> verified = s.verify("Bearer " + access);
            assertEquals(200, verified.statusCode());
            assertEquals(shop.client().id(), verified.headers().firstValue("X-Auth-Client").orElseThrow());
            assertEquals(200, userinfo(s, access).statusCode());

            assertEquals(204, call(s, "DELETE", "/admin/clients/shop", admin, null).statusCode());
            assertEquals(401, s.verify("Bearer " + access).statusCode());
            HttpResponse<String> info = userinfo(s, access);
            assertEquals(401, info.statusCode(), info.body());
            assertTrue(info.headers().firstValue("WWW-Authenticate").orElseThrow().contains("invalid_token"));
            assertEquals(200, s.verify("Bearer " + token(s, "pia", PASSWORD)).statusCode(),
                    "the user's own tokens are not the client's");
        }
    }

    @Test
    void refreshOfADisabledClientsFamilyIsRefusedAfterItIsEnabledAgain() throws Exception {
        try (RunningServer s = start()) {
            String admin = admin(s);
            String gateway = gateway(s);
            ClientRegistry.NewClient shop = shop(s);
            OidcClient rp = new OidcClient(s.tokens().issuerId(), shop.client().id(), shop.secret(), REDIRECT);
            OIDCTokens tokens = signedIn(s, rp);
            assertNotNull(tokens.getRefreshToken());
            String refresh = tokens.getRefreshToken().getValue();
            assertTrue(active(s, gateway, refresh));

            assertEquals(204, call(s, "POST", "/admin/clients/shop/disable", admin, null).statusCode());
            assertFalse(active(s, gateway, refresh));
            assertEquals(204, call(s, "POST", "/admin/clients/shop/enable", admin, null).statusCode());
            TokenResponse refreshed = rp.token(new RefreshTokenGrant(tokens.getRefreshToken()));
            assertFalse(refreshed.indicatesSuccess());
            assertEquals(OAuth2Error.INVALID_GRANT.getCode(), refreshed.toErrorResponse().getErrorObject().getCode());
        }
    }
}
