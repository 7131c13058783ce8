package io.netauth.core.client;

import io.netauth.core.Change;
import io.netauth.core.ChangeFeed;
import io.netauth.core.InvalidInputException;
import io.netauth.core.config.InvalidSettingException;
import io.netauth.core.config.Setting;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The administration of clients: add, list, rotate a secret, enable, disable, remove. Each call checks its input,
 * makes one durable write and logs one audit line without the secret. The CLI and the admin API both call this.
 * Blocking; thread-safe.
 */
public final class ClientRegistry {

    /** The grant types a client can be registered for. */
    public static final Set<String> GRANT_TYPES = Set.of(Grants.CLIENT_CREDENTIALS, Grants.REFRESH_TOKEN,
            Grants.AUTHORIZATION_CODE);
    private static final int MAX_URIS = 20;
    /** A client's token lifetime ({@code clients add --ttl}, the admin API's {@code ttl}): its one range. */
    public static final Setting<Duration> TOKEN_TTL = Setting.duration("ttl", "15m", Duration.ofSeconds(1),
            Duration.ofDays(1), "Lifetime of a client's access tokens.");
    /** How long a rotated secret keeps working ({@code --keep-old}, {@code keep_old}): its one range. */
    public static final Setting<Duration> KEEP_OLD = Setting.duration("keep-old", "0s", Duration.ZERO,
            Duration.ofDays(30), "How long the previous secret keeps working after a rotation.");
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    /** RFC 6749 section 3.3: scope-token = 1*( %x21 / %x23-5B / %x5D-7E ). */
    private static final Pattern SCOPE = Pattern.compile("[\\x21\\x23-\\x5B\\x5D-\\x7E]{1,128}");
    private static final Pattern AUDIENCE = Pattern.compile("[\\x21-\\x7E]{1,256}");
    private static final Logger log = LoggerFactory.getLogger(ClientRegistry.class);

    /** How long a change row outlives the caches it invalidates. */
    private static final Duration CHANGE_KEPT = Duration.ofHours(1);

    private final ClientStore store;
    private final ChangeFeed changes;
    private final Clock clock;

    /** Changes are published on {@code changes}, so every process drops its cached copy within its sync interval. */
    public ClientRegistry(ClientStore store, ChangeFeed changes, Clock clock) {
        this.store = Objects.requireNonNull(store, "store");
        this.changes = Objects.requireNonNull(changes, "changes");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    private void changed(String clientId) {
        Instant now = clock.instant();
        changes.publish(new Change(Change.CLIENT_CHANGED, clientId, now, now.plus(CHANGE_KEPT)));
    }

    /** A client just added, with its secret: shown this once, then only its digest exists. */
    public record NewClient(OAuthClient client, String secret) {
        @Override
        public String toString() {
            return "NewClient[" + client.name() + ']';
        }
    }

    /**
     * Registers a client. A client with a JWK Set authenticates with {@code private_key_jwt} and gets no secret.
     *
     * @throws InvalidInputException for an invalid field or a name already taken
     */
    public NewClient add(ClientSpec spec) {
        String name = checkedName(spec.name());
        CodeFlow flow = checked(spec.codeFlow());
        Set<String> grants = !spec.grantTypes().isEmpty() ? spec.grantTypes()
                : flow.enabled() ? Set.of(Grants.AUTHORIZATION_CODE, Grants.REFRESH_TOKEN)
                : Set.of(Grants.CLIENT_CREDENTIALS);
        for (String grant : grants) {
            if (!GRANT_TYPES.contains(grant)) {
                throw new InvalidInputException("Unknown grant type '" + grant + "'; expected one of "
                        + String.join(", ", GRANT_TYPES.stream().sorted().toList()) + ".");
            }
        }
        if (grants.contains(Grants.AUTHORIZATION_CODE) != flow.enabled()) {
            throw new InvalidInputException(flow.enabled()
                    ? "A client with redirect URIs uses the authorization_code grant."
                    : "The authorization_code grant needs at least one redirect URI.");
        }
        if (flow.publicClient() && (spec.jwks() != null || spec.mayIntrospect()
                || grants.contains(Grants.CLIENT_CREDENTIALS))) {
            throw new InvalidInputException("A public client has no credentials: it cannot use keys, "
                    + "client_credentials or introspection.");
        }
        List<String> scopes = checked(spec.scopes(), SCOPE, "scope");
        List<String> audiences = checked(spec.audiences(), AUDIENCE, "audience");
        Duration ttl = spec.tokenTtl() == null ? null : checked(TOKEN_TTL, spec.tokenTtl());
        if (spec.jwks() != null) {
            ClientKeys.parse(spec.jwks());
        }
        OAuthClient client = new OAuthClient(ClientSecrets.random(16), name, grants, scopes, audiences, ttl,
                spec.jwks(), spec.mayIntrospect(), true, clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MILLIS),
                flow);
        String secret = spec.jwks() == null && !flow.publicClient() ? ClientSecrets.newSecret() : null;
        store.insert(client, secret == null ? null : ClientSecrets.digest(secret));
        changed(client.id()); // a process that looked the id up before it existed forgets that it did not
        log.info("Client added: {} ({}), grants {}, scopes {}", client.id(), name, grants, scopes);
        return new NewClient(client, secret);
    }

    public List<OAuthClient> list() {
        return store.list();
    }

    /**
     * Reads a duration option ({@link #TOKEN_TTL}, {@link #KEEP_OLD}) as the command and the admin API receive it.
     *
     * @throws InvalidInputException naming the option and its range
     */
    public static Duration duration(Setting<Duration> option, String text) {
        try {
            return option.parse(text);
        } catch (InvalidSettingException e) {
            throw new InvalidInputException(e.getMessage());
        }
    }

    private static Duration checked(Setting<Duration> option, Duration value) {
        try {
            return option.check(value);
        } catch (InvalidSettingException e) {
            throw new InvalidInputException(e.getMessage());
        }
    }

    /**
     * Gives the client a new secret; the previous one keeps working for {@code keepOld} (zero ends it now), so
     * that a deployment can roll. Answers the new secret.
     */
    public String rotateSecret(String name, Duration keepOld) {
        checked(KEEP_OLD, keepOld);
        StoredClient stored = find(name);
        if (stored.client().usesPrivateKeyJwt() || stored.client().codeFlow().publicClient()) {
            throw new InvalidInputException("Client '" + name + "' is public or authenticates with private_key_jwt "
                    + "and has no secret.");
        }
        String secret = ClientSecrets.newSecret();
        Instant until = keepOld.isZero() ? null : clock.instant().plus(keepOld);
        store.replaceSecret(stored.client().id(), ClientSecrets.digest(secret),
                until == null ? null : stored.secretHash(), until);
        changed(stored.client().id());
        log.info("Client secret rotated: {} ({}), previous secret valid until {}", stored.client().id(), name,
                until == null ? "now" : until);
        return secret;
    }

    /**
     * Enables or disables a client. Disabling first revokes its tokens ({@link #remove}), so that a failure half-way
     * leaves them refused rather than the client disabled with live tokens.
     */
    public void setEnabled(String name, boolean enabled) {
        StoredClient stored = find(name);
        if (!enabled) {
            revokeTokens(stored.client().id());
        }
        store.setEnabled(stored.client().id(), enabled);
        changed(stored.client().id());
        log.info("Client {}: {} ({})", enabled ? "enabled" : "disabled", stored.client().id(), name);
    }

    /**
     * Lets a confidential client with redirect URIs leave PKCE out ({@code optional}), or requires it again: for
     * an older client that cannot send it. Reaches every process through the change feed.
     *
     * @throws InvalidInputException for a public client, or one without redirect URIs
     */
    public void setPkceOptional(String name, boolean optional) {
        StoredClient stored = find(name);
        CodeFlow flow = stored.client().codeFlow();
        checkPkceOptional(new CodeFlow(flow.redirectUris(), flow.postLogoutRedirectUris(), flow.publicClient(),
                flow.trusted(), optional));
        store.setPkceOptional(stored.client().id(), optional);
        changed(stored.client().id());
        log.info("Client PKCE {}: {} ({})", optional ? "optional" : "required", stored.client().id(), name);
    }

    private static void checkPkceOptional(CodeFlow flow) {
        if (flow.pkceOptional() && (flow.publicClient() || !flow.enabled())) {
            throw new InvalidInputException("PKCE may be optional only for a confidential client with redirect "
                    + "URIs; a public client always uses it.");
        }
    }

    /**
     * Removes a client, after revoking its tokens (RFC 9700 section 4.14.2, refresh tokens ended on a security
     * event): every access token carrying its {@code client_id} is refused on every process within the sync
     * interval ({@link Change#CLIENT_TOKENS_REVOKED}), and its refresh token families are revoked.
     */
    public void remove(String name) {
        StoredClient stored = find(name);
        revokeTokens(stored.client().id());
        store.delete(stored.client().id());
        changed(stored.client().id());
        log.info("Client removed: {} ({})", stored.client().id(), name);
    }

    private void revokeTokens(String clientId) {
        Instant now = clock.instant();
        changes.publish(new Change(Change.CLIENT_TOKENS_REVOKED, clientId, now,
                now.plus(io.netauth.core.token.RevokedTokens.LONGEST_TOKEN_LIFE)));
        int families = store.revokeRefreshTokens(clientId, now);
        log.info("Tokens of client {} revoked: its access tokens, and {} refresh token families", clientId, families);
    }

    private StoredClient find(String name) {
        return store.findByName(checkedName(name)).orElseThrow(() -> new NoSuchClientException(name));
    }

    private static String checkedName(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new InvalidInputException(
                    "A client name is 1 to 64 letters, digits, '.', '_' or '-'.");
        }
        return name;
    }

    private static CodeFlow checked(CodeFlow flow) {
        if (flow.redirectUris().size() > MAX_URIS || flow.postLogoutRedirectUris().size() > MAX_URIS) {
            throw new InvalidInputException("A client has at most " + MAX_URIS + " redirect URIs of each kind.");
        }
        if (flow.publicClient() && !flow.enabled()) {
            throw new InvalidInputException("A public client needs at least one redirect URI.");
        }
        checkPkceOptional(flow);
        return new CodeFlow(redirectUris(flow.redirectUris()), redirectUris(flow.postLogoutRedirectUris()),
                flow.publicClient(), flow.trusted(), flow.pkceOptional());
    }

    /**
     * RFC 6749 section 3.1.2 and RFC 8252 section 7: an absolute URI without a fragment or user info; https,
     * http, or a native app's private-use scheme (one with a dot). Compared exactly later, so stored as given.
     */
    private static List<String> redirectUris(List<String> uris) {
        Set<String> unique = new LinkedHashSet<>();
        for (String value : uris) {
            java.net.URI uri;
            try {
                uri = value == null || value.length() > 2048 || value.contains("*") ? null : new java.net.URI(value);
            } catch (java.net.URISyntaxException e) {
                uri = null;
            }
            String scheme = uri == null || uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(java.util.Locale.ROOT);
            boolean web = scheme.equals("https") || scheme.equals("http");
            if (uri == null || !uri.isAbsolute() || uri.getRawFragment() != null || uri.getRawUserInfo() != null
                    || (web ? uri.getHost() == null : !scheme.contains("."))) {
                throw new InvalidInputException("Invalid redirect URI '" + value + "': an absolute https or http URI "
                        + "(or an app's scheme with a dot) without a fragment, a wildcard or user info.");
            }
            unique.add(value);
        }
        return List.copyOf(unique);
    }

    private static List<String> checked(List<String> values, Pattern shape, String what) {
        Set<String> unique = new LinkedHashSet<>();
        for (String value : values) {
            if (value == null || !shape.matcher(value).matches()) {
                throw new InvalidInputException("Invalid " + what + " '" + value + "'.");
            }
            unique.add(value);
        }
        return List.copyOf(unique);
    }
}
