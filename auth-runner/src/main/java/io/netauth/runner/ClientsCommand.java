package io.netauth.runner;

import io.netauth.core.AuthException;
import io.netauth.core.ChangeFeed;
import io.netauth.core.client.ClientRegistry;
import io.netauth.core.client.ClientSpec;
import io.netauth.core.client.OAuthClient;
import io.netauth.core.config.Setting;
import io.netauth.core.jdbc.AuthDatabase;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code clients add|list|rotate-secret|set-pkce|disable|enable|remove}: the OAuth clients in the configured
 * database.
 * A change reaches every running server within {@code revocation-sync-interval}.
 */
@Command(name = "clients", mixinStandardHelpOptions = true, description = "Adds and changes OAuth clients.")
final class ClientsCommand {


    private final ConfigOptions options;
    private final Map<String, String> env;
    private final PrintWriter out;

    ClientsCommand(ConfigOptions options, Map<String, String> env, PrintWriter out) {
        this.options = options;
        this.env = env;
        this.out = out;
    }

    @Command(name = "add", description = "Adds a client and prints its client_id and client_secret; the secret is "
            + "shown this once. With --jwks it authenticates with private_key_jwt and gets no secret. With "
            + "--redirect-uri it signs users in with the authorization code flow (OpenID Connect).")
    int add(@Parameters(paramLabel = "NAME") String name,
            @Option(names = "--scopes", split = ",", paramLabel = "SCOPE", description = "Scopes it may ask for.")
            List<String> scopes,
            @Option(names = "--audience", split = ",", paramLabel = "AUD",
                    description = "Audiences of its tokens; the server's audience by default.") List<String> audiences,
            @Option(names = "--ttl", paramLabel = "DURATION",
                    description = "Access token lifetime, e.g. 5m; the server's token-ttl by default.") String ttl,
            @Option(names = "--grants", split = ",", paramLabel = "GRANT",
                    description = "Grant types: client_credentials (the default), refresh_token, authorization_code "
                            + "(the default, with refresh_token, for a client with redirect URIs).") List<String> grants,
            @Option(names = "--jwks", paramLabel = "FILE",
                    description = "A JWK Set file of its public keys, for private_key_jwt.") Path jwks,
            @Option(names = "--introspect",
                    description = "It may introspect and revoke every token (for gateways and admin services).")
            boolean introspect,
            @Option(names = "--redirect-uri", paramLabel = "URL", description = "Where codes may be sent, matched "
                    + "exactly; repeat for several.") List<String> redirectUris,
            @Option(names = "--post-logout-redirect-uri", paramLabel = "URL", description = "Where RP-initiated "
                    + "logout may return to, matched exactly; repeat for several.") List<String> postLogoutUris,
            @Option(names = "--public", description = "A browser or native app without a secret; it must use PKCE.")
            boolean publicClient,
            @Option(names = "--trusted", description = "Its users are not asked for consent.") boolean trusted,
            @Option(names = "--pkce", paramLabel = "RULE", description = "required (the default) or optional: "
                    + "optional lets an older confidential client leave PKCE out, giving up its defence against "
                    + "stolen or injected codes (RFC 9700 section 2.1.1).") String pkce) {
        String keys = jwks == null ? null : read(jwks);
        ClientSpec spec = new ClientSpec(name, grants == null ? java.util.Set.of() : new HashSet<>(grants),
                scopes == null ? List.of() : scopes, audiences == null ? List.of() : audiences,
                ttl == null ? null : parse(ClientRegistry.TOKEN_TTL, ttl), keys, introspect,
                new io.netauth.core.client.CodeFlow(redirectUris == null ? List.of() : redirectUris,
                        postLogoutUris == null ? List.of() : postLogoutUris, publicClient, trusted,
                        pkce != null && pkceOptional(pkce)));
        return withRegistry(registry -> {
            ClientRegistry.NewClient added = registry.add(spec);
            out.println("client_id: " + added.client().id());
            if (added.secret() != null) {
                out.println("client_secret: " + added.secret());
            }
            return 0;
        });
    }

    @Command(name = "list", description = "Lists clients: name, id, grants, scopes, audiences, authentication, "
            + "and whether enabled.")
    int list() {
        return withRegistry(registry -> {
            out.printf("%-24s %-24s %-8s %-32s %-24s %-24s %s%n", "NAME", "CLIENT_ID", "ENABLED", "GRANTS", "SCOPES",
                    "AUDIENCES", "AUTHENTICATION");
            for (OAuthClient c : registry.list()) {
                out.printf("%-24s %-24s %-8s %-32s %-24s %-24s %s%n", c.name(), c.id(), c.enabled() ? "yes" : "no",
                        String.join(",", c.grantTypes().stream().sorted().toList()), String.join(",", c.scopes()),
                        String.join(",", c.audiences()), (c.usesPrivateKeyJwt() ? "private_key_jwt"
                                : c.codeFlow().publicClient() ? "none (public)" : "secret")
                                + (c.codeFlow().trusted() ? ", trusted" : "")
                                + (c.codeFlow().pkceOptional() ? ", pkce optional" : "")
                                + (c.mayIntrospect() ? ", introspect" : ""));
            }
            return 0;
        });
    }

    @Command(name = "rotate-secret", description = "Gives the client a new secret and prints it; with --keep-old "
            + "the previous one keeps working that long, so deployments can roll.")
    int rotateSecret(@Parameters(paramLabel = "NAME") String name,
            @Option(names = "--keep-old", paramLabel = "DURATION", description = "e.g. 24h; 0s (the default) ends "
                    + "the previous secret now.") String keepOld) {
        Duration keep = keepOld == null ? Duration.ZERO : parse(ClientRegistry.KEEP_OLD, keepOld);
        return withRegistry(registry -> {
            out.println("client_secret: " + registry.rotateSecret(name, keep));
            return 0;
        });
    }

    @Command(name = "set-pkce", description = "required or optional: whether a confidential client with redirect "
            + "URIs may leave PKCE out. Every client must use it by default; optional is for an older client that "
            + "cannot, and gives up PKCE's defence against stolen or injected codes (RFC 9700 section 2.1.1).")
    int setPkce(@Parameters(paramLabel = "NAME") String name, @Parameters(paramLabel = "RULE") String rule) {
        boolean optional = pkceOptional(rule);
        return change(name, "pkce " + rule + " for", registry -> registry.setPkceOptional(name, optional));
    }

    /** {@code required} or {@code optional}; anything else is a usage error naming the choices. */
    private static boolean pkceOptional(String rule) {
        return switch (rule) {
            case "required" -> false;
            case "optional" -> true;
            default -> throw new CommandFailedException("pkce: '" + rule + "' (expected: required or optional)");
        };
    }

    @Command(name = "disable", description = "Disables a client: it can no longer authenticate.")
    int disable(@Parameters(paramLabel = "NAME") String name) {
        return change(name, "disabled", registry -> registry.setEnabled(name, false));
    }

    @Command(name = "enable", description = "Enables a disabled client.")
    int enable(@Parameters(paramLabel = "NAME") String name) {
        return change(name, "enabled", registry -> registry.setEnabled(name, true));
    }

    @Command(name = "remove", description = "Removes a client.")
    int remove(@Parameters(paramLabel = "NAME") String name) {
        return change(name, "removed", registry -> registry.remove(name));
    }

    private int change(String name, String done, java.util.function.Consumer<ClientRegistry> change) {
        return withRegistry(registry -> {
            change.accept(registry);
            out.println(done + " " + name);
            return 0;
        });
    }

    private int withRegistry(Function<ClientRegistry, Integer> action) {
        RunnerConfig config = RunnerConfig.load(options.given(), env);
        try (AuthDatabase database = AuthDatabase.open(config.jdbcSettings())) {
            Clock clock = Clock.systemUTC();
            return action.apply(new ClientRegistry(database.clientStore(),
                    new ChangeFeed(database.changeStore(), clock), clock));
        } catch (AuthException e) {
            throw new CommandFailedException(e.getMessage());
        }
    }

    private static Duration parse(Setting<Duration> setting, String value) {
        try {
            return ClientRegistry.duration(setting, value);
        } catch (io.netauth.core.InvalidInputException e) {
            throw new CommandFailedException("--" + e.getMessage());
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new CommandFailedException("cannot read " + file + ": " + e.getMessage());
        }
    }
}
