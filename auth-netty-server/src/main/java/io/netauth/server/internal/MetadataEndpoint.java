package io.netauth.server.internal;

import io.netauth.core.client.ClientCredentials;
import io.netauth.core.client.ClientStore;
import io.netauth.core.client.Grants;
import io.netauth.core.client.OAuthClient;
import io.netauth.core.internal.Offload;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.FullHttpRequest;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;

/**
 * {@code GET /.well-known/oauth-authorization-server} (RFC 8414 section 3), also at the path-aware location when
 * the issuer has a path. Every URL is the configured issuer plus a fixed path, never taken from the request's
 * {@code Host}. {@code scopes_supported} is the union of the registered clients' scopes, read on the blocking
 * executor. Not API.
 */
public final class MetadataEndpoint implements Endpoint {

    public static final String WELL_KNOWN = "/.well-known/oauth-authorization-server";
    public static final String TOKEN = "/oauth2/token";
    public static final String INTROSPECT = "/oauth2/introspect";
    public static final String REVOKE = "/oauth2/revoke";
    public static final String JWKS = "/.well-known/jwks.json";
    private static final List<String> AUTH_METHODS = List.of(
            ClientCredentials.Method.CLIENT_SECRET_BASIC.registeredName(),
            ClientCredentials.Method.CLIENT_SECRET_POST.registeredName(),
            ClientCredentials.Method.PRIVATE_KEY_JWT.registeredName());
    private static final List<String> ASSERTION_ALGS = List.of("RS256", "ES256");
    private static final Map<String, String> CACHE = Map.of("Cache-Control", "public, max-age=300");

    private final String issuer;
    private final ClientStore clients;
    private final Executor blockingExecutor;

    public MetadataEndpoint(String issuer, ClientStore clients, Executor blockingExecutor) {
        this.issuer = issuer;
        this.clients = clients;
        this.blockingExecutor = blockingExecutor;
    }

    /**
     * The paths this document is served at: the root one; with an issuer path, the one RFC 8414 section 3.1
     * inserts it into, and the one clients that append the well-known suffix to the issuer ask for (section 5).
     */
    public static List<String> pathsFor(String issuer) {
        String path = issuerPath(issuer);
        return path.isEmpty() ? List.of(WELL_KNOWN) : List.of(WELL_KNOWN, WELL_KNOWN + path, path + WELL_KNOWN);
    }

    /** The path of the issuer URL ({@code ""} for none): the endpoints are served under it as well. */
    public static String issuerPath(String issuer) {
        String path = URI.create(issuer).getRawPath();
        return path == null ? "" : path;
    }

    @Override
    public CompletionStage<JsonReply> serve(ChannelHandlerContext ctx, FullHttpRequest request) {
        return Offload.to(blockingExecutor, "blockingExecutor", clients::list).thenApply(this::document);
    }

    private JsonReply document(List<OAuthClient> registered) {
        TreeSet<String> scopes = new TreeSet<>();
        for (OAuthClient client : registered) {
            scopes.addAll(client.scopes());
        }
        return JsonReply.ok(json -> {
            json.writeStartObject();
            json.writeStringField("issuer", issuer);
            json.writeStringField("jwks_uri", issuer + JWKS);
            json.writeStringField("token_endpoint", issuer + TOKEN);
            json.writeStringField("introspection_endpoint", issuer + INTROSPECT);
            json.writeStringField("revocation_endpoint", issuer + REVOKE);
            JsonReply.writeStrings(json, "grant_types_supported", List.of(Grants.CLIENT_CREDENTIALS,
                    Grants.REFRESH_TOKEN));
            JsonReply.writeStrings(json, "response_types_supported", List.of());
            JsonReply.writeStrings(json, "scopes_supported", new ArrayList<>(scopes));
            for (String endpoint : List.of("token_endpoint", "introspection_endpoint", "revocation_endpoint")) {
                JsonReply.writeStrings(json, endpoint + "_auth_methods_supported", AUTH_METHODS);
                JsonReply.writeStrings(json, endpoint + "_auth_signing_alg_values_supported", ASSERTION_ALGS);
            }
            json.writeEndObject();
        }).withHeaders(CACHE);
    }
}
