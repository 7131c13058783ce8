package io.netauth.server;

import io.netauth.core.Roles;
import io.netauth.core.config.Setting;
import io.netauth.server.internal.ClientAddresses;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The settings of the HTTP server: where it listens, its limits, its pools, TLS, the management port and the
 * admin API. Each is declared here once, with its default, its range and its meaning; {@link #all()} lists
 * them in the order the reference shows them. {@link AuthServerConfig} reads them, together with the core's
 * refresh and throttle settings.
 */
public final class ServerSettings {

    private static final List<Setting<?>> ALL = new ArrayList<>();

    // Listening
    public static final Setting<String> HOST = declare(Setting.text("host", "0.0.0.0", "\\S+", "an address",
            "Address to listen on."));
    public static final Setting<Integer> PORT = declare(Setting.integer("port", 8080, 0, 65535,
            "Port to listen on; 0 picks a free one (the start line says which)."));
    public static final Setting<Boolean> NATIVE_TRANSPORT = declare(Setting.flag("native-transport", true,
            "Use epoll where it loads; false forces Java NIO."));
    public static final Setting<Integer> IO_THREADS = declare(Setting.integer("io-threads", 0, 0, 1024,
            "Event-loop threads; 0 means one per core."));

    // Pools
    public static final Setting<Integer> HASHING_THREADS = declare(Setting.integer("hashing-threads", 0, 0, 1024,
            "Threads hashing passwords and signing tokens at login; 0 means one per core."));
    public static final Setting<Integer> HASHING_QUEUE = declare(Setting.integer("hashing-queue", 0, 0, 1 << 20,
            "Logins waiting for a hashing thread before 503 overloaded; 0 means 16 per hashing thread."));
    public static final Setting<Integer> SIGNING_THREADS = declare(Setting.integer("signing-threads", 0, 0, 1024,
            "Threads signing the tokens of grants that hash no password (client credentials); 0 means one per "
                    + "core. A pool apart from hashing, so a login flood cannot starve these grants."));
    public static final Setting<Integer> SIGNING_QUEUE = declare(Setting.integer("signing-queue", 0, 0, 1 << 20,
            "Grants waiting for a signing thread before 503 overloaded; 0 means 64 per signing thread."));
    public static final Setting<Integer> BLOCKING_QUEUE = declare(Setting.integer("blocking-queue", 1024, 1, 1 << 20,
            "Database calls waiting for a JDBC thread (there are db-pool-size of them) before 503 overloaded."));

    // Request limits
    public static final Setting<Integer> MAX_BODY_SIZE = declare(Setting.integer("max-body-size", 8192, 256, 1 << 20,
            "Largest request body in bytes (413 beyond)."));
    public static final Setting<Integer> MAX_HEADER_SIZE = declare(Setting.integer("max-header-size", 8192, 1024,
            1 << 20, "Largest request header block in bytes (431 beyond)."));
    public static final Setting<Integer> MAX_REQUEST_LINE = declare(Setting.integer("max-request-line", 4096, 256,
            65536, "Longest request line in bytes (414 beyond)."));
    public static final Setting<Integer> MAX_PIPELINED_REQUESTS = declare(Setting.integer("max-pipelined-requests",
            16, 1, 1024, "Requests of one connection held while an earlier one is answered; reading pauses "
                    + "beyond."));
    public static final Setting<Integer> MAX_CONNECTIONS = declare(Setting.integer("max-connections", 10_000, 1,
            1 << 24, "Open connections beyond which a new one gets 503 overloaded and is closed."));
    public static final Setting<Duration> IDLE_TIMEOUT = declare(Setting.duration("idle-timeout", "60s",
            Duration.ofSeconds(1), Duration.ofHours(1),
            "A connection without reads or writes for this long is closed."));
    public static final Setting<Duration> REQUEST_TIMEOUT = declare(Setting.duration("request-timeout", "10s",
            Duration.ofMillis(100), Duration.ofMinutes(10), "Time from a request's first byte to its last; longer "
                    + "gets 408 and a closed connection (slowloris)."));
    public static final Setting<Duration> SHUTDOWN_TIMEOUT = declare(Setting.duration("shutdown-timeout", "10s",
            Duration.ZERO, Duration.ofMinutes(5), "How long a stop waits for requests in flight."));
    public static final Setting<List<String>> TRUSTED_PROXIES = declare(Setting.list("trusted-proxies",
            ClientAddresses::checkBlock, "IP addresses or CIDR blocks, separated by commas",
            "Comma-separated IPs or CIDR blocks whose X-Forwarded-For names the client; empty trusts none."));

    // Management, TLS and the admin API
    public static final Setting<Integer> MANAGEMENT_PORT = declare(Setting.integer("management-port", 0, -1, 65535,
            "Serve /metrics, and /health with each check's state, on this port of management-host; 0 picks a free "
                    + "one (the start log names it), -1 opens none. The main port always answers /health with up or "
                    + "down only, and /metrics only with metrics-token."));
    public static final Setting<String> METRICS_TOKEN = declare(Setting.text("metrics-token", "",
            "A bearer token with which a scraper may read /metrics on the main port; empty: /metrics only on the "
                    + "management port. A secret: set it in the file or AUTH_METRICS_TOKEN."));
    public static final Setting<String> MANAGEMENT_HOST = declare(Setting.text("management-host", "127.0.0.1",
            "\\S+", "an address", "Address of the management port."));
    public static final Setting<String> TLS_CERT = declare(Setting.text("tls-cert", "",
            "PEM certificate chain (leaf first); with tls-key, the main port speaks TLS 1.2/1.3."));
    public static final Setting<String> TLS_KEY = declare(Setting.text("tls-key", "",
            "PEM private key (PKCS#8) of tls-cert."));
    public static final Setting<Duration> TLS_RELOAD_INTERVAL = declare(Setting.duration("tls-reload-interval",
            "30s", Duration.ofSeconds(1), Duration.ofHours(1), "How often the TLS files are checked; a changed pair "
                    + "is served to new connections without a restart."));
    public static final Setting<Duration> HSTS_MAX_AGE = declare(Setting.duration("hsts-max-age", "365d",
            Duration.ZERO, Duration.ofDays(730), "With TLS, every response carries Strict-Transport-Security with "
                    + "this max-age (RFC 6797), so a browser that has been here speaks only https to the host; 0 "
                    + "sends none."));
    public static final Setting<Boolean> HSTS_INCLUDE_SUBDOMAINS = declare(Setting.flag("hsts-include-subdomains",
            false, "Add includeSubDomains to Strict-Transport-Security: only when every subdomain of the host "
                    + "serves https."));
    // Browser sign-in
    public static final Setting<String> SESSION_COOKIE_DOMAIN = declare(Setting.text("session-cookie-domain", "",
            "([A-Za-z0-9-]+\\.)+[A-Za-z0-9-]+|", "empty, or a domain name such as example.com",
            "Domain of the session cookie, so that a parent domain's subdomains share the sign-in; empty keeps it "
                    + "to the server's own host (a __Host- cookie on https)."));
    public static final Setting<List<String>> ALLOWED_REDIRECT_HOSTS = declare(Setting.list("allowed-redirect-hosts",
            ServerSettings::checkRedirectHost, "host names or *.domain patterns, separated by commas",
            "Hosts that a sign-in may send the browser back to (rd): exact names, or *.example.com for its "
                    + "subdomains. Any other rd goes to /account."));
    public static final Setting<String> UI_TITLE = declare(Setting.text("ui-title", "netauth", "\\S(.*\\S)?",
            "non-empty text", "Product name on the sign-in and account pages."));

    public static final Setting<String> UI_LOGO_FILE = declare(Setting.text("ui-logo-file", "",
            "Logo on the sign-in and account pages: a PNG, JPEG or SVG file of at most 256 KiB, read at start and "
                    + "sent inside the page (no request of its own); empty shows the title alone."));

    public static final Setting<Boolean> SELF_REGISTRATION = declare(Setting.flag("self-registration", false,
            "Serve POST /auth/register: anyone may make an account (without roles), throttled per client address."));
    public static final Setting<Boolean> ADMIN_API = declare(Setting.flag("admin-api", false,
            "Serve the admin API under /admin/users."));
    public static final Setting<Boolean> OPENAPI = declare(Setting.flag("openapi", true,
            "Serve GET /openapi.yaml, the HTTP contract as OpenAPI 3.1 (docs/openapi.yaml); false answers 404 "
                    + "there."));
    public static final Setting<String> ADMIN_ROLE = declare(Setting.of("admin-role", "admin", role -> {
        if (!Roles.isValid(role)) {
            throw new IllegalArgumentException(role);
        }
        return role;
    }, role -> role, "a role name", "The role an access token needs for the admin API."));
    public static final Setting<Duration> PURGE_INTERVAL = declare(Setting.duration("purge-interval", "10m",
            Duration.ofSeconds(1), Duration.ofDays(1), "How often expired and revoked refresh tokens are deleted."));
    public static final Setting<Duration> JWKS_MAX_AGE = declare(Setting.duration("jwks-max-age", "5m",
            Duration.ZERO, Duration.ofDays(1), "Cache-Control max-age of /.well-known/jwks.json."));

    private ServerSettings() {
    }

    /** Every server setting, in the reference's order. */
    public static List<Setting<?>> all() {
        return List.copyOf(ALL);
    }

    private static String checkRedirectHost(String host) {
        if (!host.matches("(\\*\\.)?([A-Za-z0-9-]+\\.)*[A-Za-z0-9-]+(:[0-9]{1,5})?")) {
            throw new IllegalArgumentException("not a host name or *.domain pattern: " + host);
        }
        return host.toLowerCase(java.util.Locale.ROOT);
    }

    private static <T> Setting<T> declare(Setting<T> setting) {
        ALL.add(setting);
        return setting;
    }
}
