package io.netauth.server.internal;

import io.netauth.core.client.ClientRegistry;
import io.netauth.core.client.ClientSpec;
import io.netauth.core.client.OAuthClient;
import io.netauth.core.internal.Offload;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

/**
 * The admin API under {@code /admin/clients}, the same operations as the {@code clients} command: add, list,
 * rotate a secret, set the PKCE rule, enable, disable, remove. Each is one call into the core's
 * {@link ClientRegistry} on the blocking executor, after {@link AdminAccess} checked the caller. Disabling or
 * removing a client revokes its tokens. Not API.
 */
public final class ClientAdminEndpoint implements Endpoint {

    public static final String PREFIX = "/admin/clients";
    private static final Set<String> ADD_STRINGS = Set.of("name", "ttl", "jwks", "pkce");
    private static final Set<String> ADD_LISTS = Set.of("scopes", "audiences", "grants", "permissions",
            "redirect_uris", "post_logout_redirect_uris");
    private static final Set<String> ADD_BOOLEANS = Set.of("public", "trusted");
    private static final Set<String> ROTATE = Set.of("keep_old");
    private static final Set<String> PKCE = Set.of("pkce");

    private final AdminAccess access;
    private final ClientRegistry registry;
    private final Executor blockingExecutor;

    public ClientAdminEndpoint(AdminAccess access, ClientRegistry registry, Executor blockingExecutor) {
        this.access = access;
        this.registry = registry;
        this.blockingExecutor = blockingExecutor;
    }

    @Override
    public CompletionStage<JsonReply> serve(ChannelHandlerContext ctx, FullHttpRequest request) {
        return access.serve(request, admin -> decode(request));
    }

    /** Reads the request now; the change it asks for runs when the answer is called for. */
    private Supplier<CompletionStage<JsonReply>> decode(FullHttpRequest request) {
        String[] segments = RequestTargets.pathOf(request.uri()).substring(PREFIX.length()).split("/", -1);
        HttpMethod method = request.method();
        if (segments.length == 1 && segments[0].isEmpty()) {
            if (HttpMethod.GET.equals(method)) {
                return () -> blocking(() -> list(registry.list()));
            }
            AdminAccess.requireMethod(method, HttpMethod.POST);
            ClientSpec spec = spec(request);
            return () -> blocking(() -> added(registry.add(spec)));
        }
        if (segments.length < 2 || !segments[0].isEmpty() || segments[1].isEmpty() || segments.length > 3) {
            throw new ApiException(ApiError.NOT_FOUND, "No resource at this path.");
        }
        String name = QueryStringDecoder.decodeComponent(segments[1]);
        String action = segments.length == 3 ? segments[2] : "";
        return switch (action) {
            case "" -> {
                AdminAccess.requireMethod(method, HttpMethod.DELETE);
                yield () -> blocking(() -> {
                    registry.remove(name);
                    return JsonReply.noContent();
                });
            }
            case "enable", "disable" -> {
                AdminAccess.requireMethod(method, HttpMethod.POST);
                yield () -> blocking(() -> {
                    registry.setEnabled(name, action.equals("enable"));
                    return JsonReply.noContent();
                });
            }
            case "rotate-secret" -> {
                AdminAccess.requireMethod(method, HttpMethod.POST);
                Duration keepOld = keepOld(request);
                yield () -> blocking(() -> {
                    String secret = registry.rotateSecret(name, keepOld);
                    return JsonReply.secret(json -> {
                        json.writeStartObject();
                        json.writeStringField("client_secret", secret);
                        json.writeEndObject();
                    });
                });
            }
            case "pkce" -> {
                AdminAccess.requireMethod(method, HttpMethod.PUT);
                MediaTypes.requireJson(request);
                boolean optional = pkceOptional(JsonFields.read(request.content(), PKCE).get("pkce"));
                yield () -> blocking(() -> {
                    registry.setPkceOptional(name, optional);
                    return JsonReply.noContent();
                });
            }
            default -> throw new ApiException(ApiError.NOT_FOUND, "No resource at this path.");
        };
    }

    private CompletionStage<JsonReply> blocking(java.util.function.Supplier<JsonReply> work) {
        return Offload.to(blockingExecutor, "blockingExecutor", work);
    }

    @SuppressWarnings("unchecked")
    private static ClientSpec spec(FullHttpRequest request) {
        MediaTypes.requireJson(request);
        Map<String, Object> body = JsonFields.readWithLists(request.content(), ADD_STRINGS, ADD_LISTS,
                ADD_BOOLEANS);
        String name = TokenRequests.requiredField(body, "name", 64);
        Duration ttl = body.get("ttl") == null ? null : ClientRegistry.duration(ClientRegistry.TOKEN_TTL, (String) body.get("ttl"));
        List<String> permissions = (List<String>) body.getOrDefault("permissions", List.of());
        for (String permission : permissions) {
            if (!permission.equals("introspect")) {
                throw new ApiException(ApiError.INVALID_REQUEST, "The only permission is 'introspect'.");
            }
        }
        return new ClientSpec(name, new HashSet<>((List<String>) body.getOrDefault("grants", List.of())),
                (List<String>) body.getOrDefault("scopes", List.of()),
                (List<String>) body.getOrDefault("audiences", List.of()), ttl, (String) body.get("jwks"),
                permissions.contains("introspect"), new io.netauth.core.client.CodeFlow(
                        (List<String>) body.getOrDefault("redirect_uris", List.of()),
                        (List<String>) body.getOrDefault("post_logout_redirect_uris", List.of()),
                        Boolean.TRUE.equals(body.get("public")), Boolean.TRUE.equals(body.get("trusted")),
                        body.get("pkce") != null && pkceOptional((String) body.get("pkce"))));
    }

    /** {@code "required"} (the default) or {@code "optional"} (RFC 9700 section 2.1.1 allows no other). */
    private static boolean pkceOptional(String rule) {
        if ("required".equals(rule)) {
            return false;
        }
        if ("optional".equals(rule)) {
            return true;
        }
        throw new ApiException(ApiError.INVALID_REQUEST, "pkce is 'required' or 'optional'.");
    }

    private static Duration keepOld(FullHttpRequest request) {
        if (request.content().readableBytes() == 0) {
            return Duration.ZERO;
        }
        MediaTypes.requireJson(request);
        String value = JsonFields.read(request.content(), ROTATE).get("keep_old");
        return value == null ? Duration.ZERO : ClientRegistry.duration(ClientRegistry.KEEP_OLD, value);
    }

    private static JsonReply added(ClientRegistry.NewClient added) {
        return new JsonReply(HttpResponseStatus.CREATED, json -> {
            json.writeStartObject();
            json.writeStringField("client_id", added.client().id());
            if (added.secret() != null) {
                json.writeStringField("client_secret", added.secret());
            }
            writeFields(json, added.client());
            json.writeEndObject();
        }, Map.of(), true, false);
    }

    private static JsonReply list(List<OAuthClient> clients) {
        return JsonReply.ok(json -> {
            json.writeStartArray();
            for (OAuthClient client : clients) {
                json.writeStartObject();
                json.writeStringField("client_id", client.id());
                writeFields(json, client);
                json.writeEndObject();
            }
            json.writeEndArray();
        });
    }

    private static void writeFields(com.fasterxml.jackson.core.JsonGenerator json, OAuthClient client)
            throws java.io.IOException {
        json.writeStringField("name", client.name());
        JsonReply.writeStrings(json, "grants", client.grantTypes().stream().sorted().toList());
        JsonReply.writeStrings(json, "scopes", client.scopes());
        JsonReply.writeStrings(json, "audiences", client.audiences());
        if (client.tokenTtl() != null) {
            json.writeNumberField("ttl_seconds", client.tokenTtl().getSeconds());
        }
        json.writeStringField("authentication", client.usesPrivateKeyJwt() ? "private_key_jwt"
                : client.codeFlow().publicClient() ? "none" : "client_secret");
        JsonReply.writeStrings(json, "redirect_uris", client.codeFlow().redirectUris());
        JsonReply.writeStrings(json, "post_logout_redirect_uris", client.codeFlow().postLogoutRedirectUris());
        json.writeBooleanField("trusted", client.codeFlow().trusted());
        json.writeStringField("pkce", client.codeFlow().pkceOptional() ? "optional" : "required");
        JsonReply.writeStrings(json, "permissions", client.mayIntrospect() ? List.of("introspect") : List.of());
        json.writeBooleanField("enabled", client.enabled());
        json.writeStringField("created_at", client.createdAt().toString());
    }
}
