package io.netauth.server.internal;

import io.netauth.core.AuthenticationService;
import io.netauth.core.LoginThrottle;
import io.netauth.core.token.JwtTokens;
import io.netauth.server.AuthServerConfig;
import io.netty.handler.codec.http.HttpMethod;
import java.util.Map;
import java.util.function.BooleanSupplier;

/** Every path of the HTTP contract and the endpoint that answers it, in one table. Not API. */
public final class Routes {

    private Routes() {
    }

    public static Map<String, Map<HttpMethod, Endpoint>> standard(AuthServerConfig config,
            AuthenticationService service, JwtTokens tokens, LoginAudit audit, LoginThrottle throttle,
            BooleanSupplier hashingHasRoom) {
        ClientAddresses clients = new ClientAddresses(config.trustedProxies());
        return Map.of(
                "/auth", Map.of(HttpMethod.POST,
                        new LoginEndpoint(service, throttle, clients, audit, hashingHasRoom)),
                "/auth/refresh", Map.of(HttpMethod.POST, new RefreshEndpoint(service, clients, audit)),
                "/auth/logout", Map.of(HttpMethod.POST, new LogoutEndpoint(service)),
                "/auth/verify", Map.of(HttpMethod.GET, new VerifyEndpoint(tokens.tokenVerifier(), tokens.issuer())),
                "/.well-known/jwks.json", Map.of(HttpMethod.GET,
                        new JwksEndpoint(tokens, (int) config.jwksMaxAge().getSeconds())));
    }
}
