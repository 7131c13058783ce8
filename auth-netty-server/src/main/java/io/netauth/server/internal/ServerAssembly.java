package io.netauth.server.internal;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.netauth.core.AuthenticationService;
import io.netauth.core.mfa.MfaStore;
import io.netauth.core.mfa.SecondFactors;
import io.netauth.core.session.BrowserSessions;
import io.netauth.core.session.SessionStore;
import io.netauth.core.CredentialStore;
import io.netauth.core.LoginThrottle;
import io.netauth.core.PasswordHasher;
import io.netauth.core.RefreshTokenStore;
import io.netauth.core.UserAdministration;
import io.netauth.core.UserDirectory;
import io.netauth.core.ChangeFeed;
import io.netauth.core.ChangeStore;
import io.netauth.core.client.ClientRegistry;
import io.netauth.core.client.ClientStore;
import io.netauth.core.client.OAuthService;
import io.netauth.core.config.CoreSettings;
import io.netauth.core.token.JwtTokens;
import io.netauth.server.AuthServerConfig;
import io.netauth.server.ReadinessCheck;
import io.netty.handler.codec.http.HttpMethod;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Executor;

/**
 * The one place where the server's parts are wired together: the core's services on the pools, the endpoints
 * and their routes, the metrics, health and background maintenance. {@code AuthServer} owns the threads and
 * the ports and asks this for the routers to put in the pipeline; a test can assemble the same server on
 * inline pools. Not API.
 */
public final class ServerAssembly implements AutoCloseable {

    /** Where slow work runs, and how full it is. */
    public interface Pools {
        /** JDBC calls. */
        Executor blockingExecutor();

        /** Password hashes and login signatures. */
        Executor hashingExecutor();

        /** Signatures of grants that hash no password (client credentials); the hashing pool by default. */
        default Executor signingExecutor() {
            return hashingExecutor();
        }

        /** Whether one more login would find a place on the hashing executor now. */
        boolean hashingHasRoom();

        /** Tasks waiting for a thread on one pool ({@code blocking}, {@code hashing}, {@code signing}), for metrics. */
        default int queued(String pool) {
            return 0;
        }

        /** Threads busy on one pool, for metrics. */
        default int active(String pool) {
            return 0;
        }
    }

    /**
     * What an embedder gives the server.
     *
     * @param throttle        where failed logins are counted, or {@code null} for the in-memory default
     * @param userDirectory   where the admin API changes users, or {@code null} without one
     * @param meterRegistry   where the meters go, or {@code null} for a new Prometheus registry
     * @param readinessChecks extra checks of {@code /health/ready}, by name
     * @param clientStore     the OAuth clients, or {@code null} without the {@code /oauth2} endpoints
     * @param changeStore     the change feed, or {@code null}; required with {@code clientStore}
     * @param mfaStore        second factors, or {@code null} without them
     * @param sessionStore    browser sessions (the sign-in pages, cookies on /auth/verify, /auth/forward), or
     *                        {@code null} without them; needs {@code changeStore}
     * @param oidcStore       authorization codes and consents (OpenID Connect), or {@code null} without them;
     *                        needs {@code clientStore}, {@code sessionStore} and an asymmetric signing key
     */
    public record Parts(AuthServerConfig config, CredentialStore credentialStore, PasswordHasher passwordHasher,
            JwtTokens tokens, RefreshTokenStore refreshTokenStore, Clock clock, LoginThrottle.Factory throttle,
            UserDirectory userDirectory, MeterRegistry meterRegistry, Map<String, ReadinessCheck> readinessChecks,
            ClientStore clientStore, ChangeStore changeStore, MfaStore mfaStore, SessionStore sessionStore,
            io.netauth.core.oidc.OidcStore oidcStore) {
    }

    private final MeterRegistry meters;
    private final ServerMetrics metrics;
    private final AuthenticationService service;
    private final InFlightRequests inFlight = new InFlightRequests();
    private final TlsContexts tls;
    private final Router router;
    private final Router managementRouter;
    private final Maintenance maintenance;
    private final OAuthService oauth;
    private final ClientRegistry clientRegistry;
    private final io.netauth.core.oidc.OidcProvider oidc;

    /** The pages, and session cookies on {@code /auth/verify} and {@code /auth/forward}. */
    private void addBrowserRoutes(Map<String, Map<HttpMethod, Endpoint>> routes, BrowserSessions sessions,
            JwtTokens tokens, AuthServerConfig config, ClientAddresses clients, Pools pools,
            io.netauth.core.oidc.OidcProvider oidc) {
        java.util.List<String> redirectHosts = config.get(io.netauth.server.ServerSettings.ALLOWED_REDIRECT_HOSTS);
        SessionCookies cookies = new SessionCookies(tokens.issuerId(),
                config.get(io.netauth.server.ServerSettings.SESSION_COOKIE_DOMAIN));
        WebPages pages = new WebPages(config.get(io.netauth.server.ServerSettings.UI_TITLE), redirectHosts,
                WebPages.logoDataUrl(config.get(io.netauth.server.ServerSettings.UI_LOGO_FILE)));
        BrowserEndpoints browser = new BrowserEndpoints(this.service, sessions, cookies, pages,
                new ReturnAddresses(redirectHosts), clients, pools.blockingExecutor());
        if (oidc != null) {
            AuthorizationEndpoints authorization = new AuthorizationEndpoints(oidc, browser, cookies, pages,
                    config.maxInitialLineLength());
            Endpoint authorize = authorization.authorize();
            Endpoint logout = new EndSessionEndpoints(oidc, browser, sessions, cookies, pages).logout();
            Endpoint userinfo = new UserinfoEndpoint(oidc);
            String issuerPath = MetadataEndpoint.issuerPath(tokens.issuerId());
            for (String prefix : issuerPath.isEmpty() ? java.util.List.of("") : java.util.List.of("", issuerPath)) {
                routes.put(prefix + AuthorizationEndpoints.AUTHORIZE, Map.of(HttpMethod.GET, authorize,
                        HttpMethod.POST, authorize));
                routes.put(prefix + AuthorizationEndpoints.CONSENT, Map.of(HttpMethod.POST, authorization.consent()));
                routes.put(prefix + UserinfoEndpoint.PATH, Map.of(HttpMethod.GET, userinfo, HttpMethod.POST,
                        userinfo));
                routes.put(prefix + EndSessionEndpoints.PATH, Map.of(HttpMethod.GET, logout, HttpMethod.POST,
                        logout));
            }
        }
        routes.put("/login", Map.of(HttpMethod.GET, browser.loginPage(), HttpMethod.POST, browser.login()));
        routes.put("/login/mfa", Map.of(HttpMethod.POST, browser.secondStep()));
        routes.put("/login/enrol", Map.of(HttpMethod.POST, browser.enrol()));
        routes.put("/logout", Map.of(HttpMethod.GET, browser.logoutPage(), HttpMethod.POST, browser.logout()));
        routes.put("/account", Map.of(HttpMethod.GET, browser.account()));
        routes.put("/account/password", Map.of(HttpMethod.POST, browser.changePassword()));
        routes.put("/account/totp", Map.of(HttpMethod.POST, browser.beginTotp()));
        routes.put("/account/totp/confirm", Map.of(HttpMethod.POST, browser.confirmTotp()));
        routes.put("/account/totp/remove", Map.of(HttpMethod.POST, browser.removeTotp()));
        routes.put("/account/recovery-codes", Map.of(HttpMethod.POST, browser.renewRecoveryCodes()));
        routes.put("/auth/verify", Map.of(HttpMethod.GET, new VerifyEndpoint(tokens.tokenVerifier(),
                tokens.issuerId(), browser::current, null, tokens.audience())));
        routes.put("/auth/forward", Map.of(HttpMethod.GET, new VerifyEndpoint(tokens.tokenVerifier(),
                tokens.issuerId(), browser::current, tokens.issuerId() + "/login", tokens.audience())));
    }

    /**
     * Builds every part. The login takes the hasher's unmatchable hash, which some hashers make by hashing, so
     * call it off any event loop.
     */
    public ServerAssembly(Parts parts, Pools pools, Maintenance.Scheduler scheduler) {
        AuthServerConfig config = parts.config();
        PrometheusMeterRegistry prometheus = prometheusOf(parts.meterRegistry());
        this.meters = parts.meterRegistry() == null || parts.meterRegistry() == prometheus ? prometheus
                : new CompositeMeterRegistry(io.micrometer.core.instrument.Clock.SYSTEM,
                        java.util.List.of(prometheus, parts.meterRegistry()));
        this.metrics = new ServerMetrics(meters);
        this.tls = config.tlsEnabled() ? new TlsContexts(config.tlsCertificateChain(), config.tlsPrivateKey(),
                config.get(io.netauth.core.config.CoreSettings.SECRET_FILES_READABLE)) : null;
        JwtTokens tokens = parts.tokens();
        ChangeFeed changes = parts.changeStore() == null ? null : new ChangeFeed(parts.changeStore(), parts.clock());
        if (parts.sessionStore() != null && changes == null) {
            throw new IllegalStateException("browser sessions need the change feed (a changeStore)");
        }
        BrowserSessions sessions = parts.sessionStore() == null ? null : new BrowserSessions(parts.sessionStore(),
                parts.credentialStore(), changes, pools.blockingExecutor(), config.settings(), parts.clock());
        AuthenticationService.Builder service = AuthenticationService.builder()
                .credentialStore(parts.credentialStore())
                .passwordHasher(TimedPasswordHasher.of(parts.passwordHasher(), metrics))
                .signer(tokens.signer())
                .refreshTokenStore(parts.refreshTokenStore())
                .settings(config.settings())
                .blockingExecutor(pools.blockingExecutor())
                .hashingExecutor(pools.hashingExecutor())
                .hashingHasRoom(pools::hashingHasRoom)
                .passwordPolicy(io.netauth.core.PasswordPolicy.from(config.settings()))
                .clock(parts.clock());
        if (parts.userDirectory() != null) {
            service.userDirectory(parts.userDirectory());
        }
        if (parts.throttle() != null) {
            service.loginThrottle(parts.throttle().create(pools.blockingExecutor(), parts.clock()));
        }
        if (sessions != null) {
            service.browserSessions(sessions);
        }
        if (parts.mfaStore() != null) {
            service.secondFactors(throttle -> new SecondFactors(parts.mfaStore(), throttle,
                    pools.blockingExecutor(), config.settings(), parts.clock()));
        }
        this.service = service.build();
        metrics.bind(pools, this.service.outcomes(), tokens);
        boolean asymmetric = tokens.algorithm() != io.netauth.core.token.SigningAlgorithm.HS256;
        this.oidc = parts.oidcStore() == null || parts.clientStore() == null || sessions == null || !asymmetric ? null
                : io.netauth.core.oidc.OidcProvider.builder()
                        .oidcStore(parts.oidcStore())
                        .clientStore(parts.clientStore())
                        .tokens(tokens)
                        .authenticationService(this.service)
                        .changeFeed(changes)
                        .settings(config.settings())
                        .blockingExecutor(pools.blockingExecutor())
                        .signingExecutor(pools.signingExecutor())
                        .clock(parts.clock())
                        .build();

        ClientAddresses clients = new ClientAddresses(config.trustedProxies());
        Map<String, Map<HttpMethod, Endpoint>> routes = new HashMap<>(Map.of(
                "/auth", Map.of(HttpMethod.POST, new LoginEndpoint(this.service, clients)),
                "/auth/refresh", Map.of(HttpMethod.POST, new RefreshEndpoint(this.service, clients)),
                "/auth/logout", Map.of(HttpMethod.POST, new LogoutEndpoint(this.service)),
                "/auth/password", Map.of(HttpMethod.POST,
                        new PasswordChangeEndpoint(this.service, tokens.tokenVerifier(), clients)),
                "/auth/verify", Map.of(HttpMethod.GET, new VerifyEndpoint(tokens.tokenVerifier(), tokens.issuerId())),
                MetadataEndpoint.JWKS, Map.of(HttpMethod.GET,
                        new JwksEndpoint(tokens, (int) config.jwksMaxAge().getSeconds()))));
        if (parts.clientStore() != null) {
            String issuer = tokens.issuerId();
            String issuerPath = MetadataEndpoint.issuerPath(issuer);
            OAuthService.Builder oauthBuilder = OAuthService.builder()
                    .clientStore(parts.clientStore())
                    .tokens(tokens)
                    .authenticationService(this.service)
                    .changeFeed(changes)
                    .settings(config.settings())
                    .blockingExecutor(pools.blockingExecutor())
                    .signingExecutor(pools.signingExecutor())
                    .assertionAudiences(java.util.List.of(issuer + MetadataEndpoint.TOKEN))
                    .clock(parts.clock());
            if (oidc != null) {
                oauthBuilder.codeGrants(oidc);
            }
            this.oauth = oauthBuilder.build();
            this.clientRegistry = new ClientRegistry(parts.clientStore(), changes, parts.clock());
            Map<String, Map<HttpMethod, Endpoint>> oauthRoutes = Map.of(
                    MetadataEndpoint.TOKEN, Map.of(HttpMethod.POST,
                            new OAuthFormEndpoint(clients, new OAuthTokenEndpoint(oauth))),
                    MetadataEndpoint.INTROSPECT, Map.of(HttpMethod.POST,
                            new OAuthFormEndpoint(clients, new IntrospectionEndpoint(oauth, issuer))),
                    MetadataEndpoint.REVOKE, Map.of(HttpMethod.POST,
                            new OAuthFormEndpoint(clients, new RevocationEndpoint(oauth))));
            for (Map.Entry<String, Map<HttpMethod, Endpoint>> route : oauthRoutes.entrySet()) {
                routes.put(route.getKey(), route.getValue());
                if (!issuerPath.isEmpty()) {
                    routes.put(issuerPath + route.getKey(), route.getValue());
                }
            }
            if (!issuerPath.isEmpty()) {
                routes.put(issuerPath + MetadataEndpoint.JWKS, routes.get(MetadataEndpoint.JWKS));
            }
            MetadataEndpoint metadata = new MetadataEndpoint(issuer, parts.clientStore(), pools.blockingExecutor(),
                    oidc == null ? null : tokens.algorithm().name());
            for (String path : MetadataEndpoint.pathsFor(issuer)) {
                routes.put(path, Map.of(HttpMethod.GET, metadata));
            }
            if (oidc != null) {
                for (String path : MetadataEndpoint.openIdPathsFor(issuer)) {
                    routes.put(path, Map.of(HttpMethod.GET, metadata));
                }
            }
        } else {
            this.oauth = null;
            this.clientRegistry = null;
        }
        if (changes != null) {
            changes.on(io.netauth.core.Change.KEY_ROTATED, change -> tokens.reloadKeys());
            // Revocations of single tokens, and of every token of a user or a client, with or without OAuth.
            tokens.revokedTokens().follow(changes, config.get(CoreSettings.REVOCATION_SYNC_INTERVAL));
            changes.poll(); // before the first request: tokens revoked before this process started stay refused
        }
        if (sessions != null) {
            addBrowserRoutes(routes, sessions, tokens, config, clients, pools, oidc);
        }
        if (parts.mfaStore() != null) {
            MfaEndpoints mfa = new MfaEndpoints(this.service, tokens.tokenVerifier(), clients);
            routes.put("/auth/mfa", Map.of(HttpMethod.POST, mfa.secondStep()));
            routes.put("/auth/mfa/totp", Map.of(HttpMethod.POST, mfa.enrol(), HttpMethod.DELETE, mfa.remove()));
            routes.put("/auth/mfa/totp/confirm", Map.of(HttpMethod.POST, mfa.confirm()));
            routes.put("/auth/mfa/recovery-codes", Map.of(HttpMethod.POST, mfa.renewRecoveryCodes()));
        }
        if (config.get(io.netauth.server.ServerSettings.SELF_REGISTRATION)) {
            if (parts.userDirectory() == null) {
                throw new IllegalStateException("self-registration is on but no userDirectory was given");
            }
            routes.put("/auth/register", Map.of(HttpMethod.POST, new RegisterEndpoint(this.service, clients)));
        }
        if (config.get(io.netauth.server.ServerSettings.OPENAPI)) {
            routes.put(OpenApiEndpoint.PATH, Map.of(HttpMethod.GET, new OpenApiEndpoint()));
        }
        Map<String, ReadinessCheck> checks = new LinkedHashMap<>(parts.readinessChecks());
        checks.put("signing_key", () -> tokens.activeKey() != null);
        HealthEndpoints health = new HealthEndpoints(checks, pools.blockingExecutor(), Duration.ofSeconds(1));
        // The public port: health says up or down and nothing more; the metrics only to a scraper with the token.
        routes.put("/health/live", Map.of(HttpMethod.GET, health.live()));
        routes.put("/health/ready", Map.of(HttpMethod.GET, health.ready(false)));
        routes.put("/health", Map.of(HttpMethod.GET, health.ready(false)));
        String metricsToken = config.get(io.netauth.server.ServerSettings.METRICS_TOKEN);
        if (!metricsToken.isEmpty()) {
            routes.put("/metrics", Map.of(HttpMethod.GET, new MetricsEndpoint(prometheus, metricsToken)));
        }
        Map<String, Map<HttpMethod, Endpoint>> management = Map.of(
                "/health/live", Map.of(HttpMethod.GET, health.live()),
                "/health/ready", Map.of(HttpMethod.GET, health.ready(true)),
                "/health", Map.of(HttpMethod.GET, health.ready(true)),
                "/metrics", Map.of(HttpMethod.GET, new MetricsEndpoint(prometheus, null)));
        Map<String, Endpoint> prefixes = Map.of();
        if (config.adminApi()) {
            // The last enabled admin stays, and each change is read back from the feed, so this process refuses
            // the tokens it revoked before it answers.
            UserAdministration users = new UserAdministration(parts.userDirectory(), parts.passwordHasher(),
                    pools.blockingExecutor(), pools.hashingExecutor(),
                    io.netauth.core.PasswordPolicy.from(config.settings()), parts.mfaStore(), config.adminRole(),
                    changes);
            AdminAccess access = new AdminAccess(tokens.tokenVerifier(), config.adminRole(),
                    new io.netauth.core.internal.CurrentAccounts(parts.credentialStore(), changes,
                            pools.blockingExecutor(), config.get(CoreSettings.REVOCATION_SYNC_INTERVAL)));
            Map<String, Endpoint> admin = new HashMap<>();
            admin.put(AdminEndpoint.PREFIX, new AdminEndpoint(access, users, clients));
            if (clientRegistry != null) {
                admin.put(ClientAdminEndpoint.PREFIX, new ClientAdminEndpoint(access, clientRegistry,
                        pools.blockingExecutor()));
            }
            prefixes = Map.copyOf(admin);
        }
        ReplyWriter writer = new ReplyWriter(inFlight, metrics);
        this.router = new Router(new RouteTable(routes, prefixes), writer);
        this.managementRouter = config.managementPort() < 0 ? null : new Router(new RouteTable(management), writer);
        this.maintenance = new Maintenance(scheduler, tokens, this.service, config.purgeInterval(), tls,
                config.tlsReloadInterval());
        if (changes != null) {
            maintenance.followChanges(changes, oauth, config.get(CoreSettings.REVOCATION_SYNC_INTERVAL));
        }
    }

    private static PrometheusMeterRegistry prometheusOf(MeterRegistry given) {
        return given instanceof PrometheusMeterRegistry prometheus ? prometheus
                : new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    }

    /** The router of the main port. */
    public Router router() {
        return router;
    }

    /** The router of the management port, or {@code null} when health and metrics are on the main port. */
    public Router managementRouter() {
        return managementRouter;
    }

    /** The TLS context of the main port, or {@code null}. */
    public TlsContexts tls() {
        return tls;
    }

    public AuthenticationService service() {
        return service;
    }

    /** The OAuth policy, or {@code null} without a client store. */
    public OAuthService oauth() {
        return oauth;
    }

    public MeterRegistry meterRegistry() {
        return meters;
    }

    public InFlightRequests inFlight() {
        return inFlight;
    }

    /** Stops the background work and the meters that hold resources; the pools are the caller's. */
    @Override
    public void close() {
        maintenance.close();
        metrics.close();
    }
}
