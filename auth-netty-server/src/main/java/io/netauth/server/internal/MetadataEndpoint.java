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
    /** OpenID Connect Discovery 1.0 section 4: the issuer plus this path. */
    public static final String OPENID_CONFIGURATION = "/.well-known/openid-configuration";
    private static final List<String> AUTH_METHODS = List.of(
            ClientCredentials.Method.CLIENT_SECRET_BASIC.registeredName(),
            ClientCredentials.Method.CLIENT_SECRET_POST.registeredName(),
            ClientCredentials.Method.PRIVATE_KEY_JWT.registeredName());
    private static final List<String> ASSERTION_ALGS = List.of("RS256", "ES256");
    private static final Map<String, String> CACHE = Map.of("Cache-Control", "public, max-age=300");

    private final String issuer;
    private final ClientStore clients;
    private final Executor blockingExecutor;
    private final String idTokenAlgorithm;

    /**
     * @param idTokenAlgorithm the ID tokens' signing algorithm when OpenID Connect is on (the document then
     *                         describes it too, the same at both addresses), or {@code null} when it is off
     */
    public MetadataEndpoint(String issuer, ClientStore clients, Executor blockingExecutor, String idTokenAlgorithm) {
        this.issuer = issuer;
        this.clients = clients;
        this.blockingExecutor = blockingExecutor;
        this.idTokenAlgorithm = idTokenAlgorithm;
    }

    /** The paths of the OpenID Connect discovery document: the issuer plus the well-known suffix. */
    public static List<String> openIdPathsFor(String issuer) {
        String path = issuerPath(issuer);
        return path.isEmpty() ? List.of(OPENID_CONFIGURATION) : List.of(OPENID_CONFIGURATION,
                path + OPENID_CONFIGURATION);
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
        boolean oidc = idTokenAlgorithm != null;
        if (oidc) {
            scopes.addAll(io.netauth.core.oidc.OidcProvider.STANDARD_SCOPES);
        }
        return JsonReply.ok(json -> {
            json.writeStartObject();
            json.writeStringField("issuer", issuer);
            json.writeStringField("jwks_uri", issuer + JWKS);
            if (oidc) {
                json.writeStringField("authorization_endpoint", issuer + AuthorizationEndpoints.AUTHORIZE);
            }
            json.writeStringField("token_endpoint", issuer + TOKEN);
            if (oidc) {
                json.writeStringField("userinfo_endpoint", issuer + UserinfoEndpoint.PATH);
                json.writeStringField("end_session_endpoint", issuer + EndSessionEndpoints.PATH);
            }
            json.writeStringField("introspection_endpoint", issuer + INTROSPECT);
            json.writeStringField("revocation_endpoint", issuer + REVOKE);
            JsonReply.writeStrings(json, "grant_types_supported", oidc ? List.of(Grants.AUTHORIZATION_CODE,
                    Grants.CLIENT_CREDENTIALS, Grants.REFRESH_TOKEN) : List.of(Grants.CLIENT_CREDENTIALS,
                    Grants.REFRESH_TOKEN));
            JsonReply.writeStrings(json, "response_types_supported", oidc ? List.of("code") : List.of());
            if (oidc) {
                JsonReply.writeStrings(json, "response_modes_supported", List.of("query"));
                JsonReply.writeStrings(json, "subject_types_supported", List.of("public"));
                JsonReply.writeStrings(json, "id_token_signing_alg_values_supported", List.of(idTokenAlgorithm));
                JsonReply.writeStrings(json, "code_challenge_methods_supported", List.of("S256"));
                JsonReply.writeStrings(json, "prompt_values_supported", List.of("none", "login", "consent"));
                JsonReply.writeStrings(json, "display_values_supported", List.of("page", "popup"));
                JsonReply.writeStrings(json, "claim_types_supported", List.of("normal"));
                List<String> claims = new ArrayList<>(List.of("sub", "iss", "aud", "exp", "iat", "auth_time",
                        "nonce", "amr", "at_hash", "azp"));
                claims.addAll(io.netauth.core.oidc.Scopes.CLAIMS);
                JsonReply.writeStrings(json, "claims_supported", claims);
                json.writeBooleanField("claims_parameter_supported", false);
                json.writeBooleanField("request_parameter_supported", false);
                json.writeBooleanField("request_uri_parameter_supported", false);
                json.writeBooleanField("require_request_uri_registration", false);
                json.writeBooleanField("authorization_response_iss_parameter_supported", true);
            }
            JsonReply.writeStrings(json, "scopes_supported", new ArrayList<>(scopes));
            for (String endpoint : List.of("token_endpoint", "introspection_endpoint", "revocation_endpoint")) {
                List<String> methods = new ArrayList<>(AUTH_METHODS);
                if (oidc && endpoint.equals("token_endpoint")) {
                    methods.add(ClientCredentials.Method.NONE.registeredName()); // public clients with PKCE
                }
                JsonReply.writeStrings(json, endpoint + "_auth_methods_supported", methods);
                JsonReply.writeStrings(json, endpoint + "_auth_signing_alg_values_supported", ASSERTION_ALGS);
            }
            json.writeEndObject();
        }).withHeaders(CACHE);
    }
}
