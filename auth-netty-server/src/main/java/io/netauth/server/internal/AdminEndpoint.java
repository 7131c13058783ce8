package io.netauth.server.internal;

import io.netauth.core.Passwords;
import io.netauth.core.UserAccount;
import io.netauth.core.UserAdministration;
import io.netauth.core.Usernames;
import io.netauth.core.VerifiedToken;
import io.netauth.core.internal.LogSafe;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * The admin API under {@code /admin/users}, off unless configured: decodes the path and body, checks the
 * caller through {@link AdminAccess} (the token, then the account as it is now), makes one call into the core's
 * {@link UserAdministration} and encodes its answer. Not API.
 */
public final class AdminEndpoint implements Endpoint {

    public static final String PREFIX = "/admin/users";
    private static final Set<String> CREATE_STRINGS = Set.of("username", "password");
    private static final Set<String> ROLES = Set.of("roles");
    private static final Set<String> PASSWORD = Set.of("password");

    private final AdminAccess access;
    private final UserAdministration users;
    private final ClientAddresses clients;

    public AdminEndpoint(AdminAccess access, UserAdministration users, ClientAddresses clients) {
        this.access = access;
        this.users = users;
        this.clients = clients;
    }

    @Override
    public CompletionStage<JsonReply> serve(ChannelHandlerContext ctx, FullHttpRequest request) {
        return access.serve(request, admin -> decode(ctx, request, admin));
    }

    /** Reads the request now; the change it asks for runs when the answer is called for. */
    private Supplier<CompletionStage<JsonReply>> decode(ChannelHandlerContext ctx, FullHttpRequest request,
            VerifiedToken admin) {
        String by = admin.subject() + " (" + LogSafe.text(admin.username()) + ") client="
                + clients.clientOf(ctx.channel(), request);
        String[] segments = RequestTargets.pathOf(request.uri()).substring(PREFIX.length()).split("/", -1);
        HttpMethod method = request.method();
        // segments: [""] for /admin/users, ["", name] or ["", name, action]
        if (segments.length == 1 && segments[0].isEmpty()) {
            AdminAccess.requireMethod(method, HttpMethod.POST);
            MediaTypes.requireJson(request);
            Map<String, Object> body = JsonFields.readWithLists(request.content(), CREATE_STRINGS, ROLES);
            String username = TokenRequests.requiredField(body, "username", Usernames.MAX_LENGTH);
            String password = TokenRequests.requiredField(body, "password", Passwords.MAX_LENGTH);
            @SuppressWarnings("unchecked")
            List<String> roles = (List<String>) body.getOrDefault("roles", List.of());
            return () -> users.create(username, password, roles, by).thenApply(AdminEndpoint::created);
        }
        if (segments.length < 2 || !segments[0].isEmpty() || segments[1].isEmpty() || segments.length > 3) {
            throw new ApiException(ApiError.NOT_FOUND, "No resource at this path.");
        }
        String name = QueryStringDecoder.decodeComponent(segments[1]);
        String action = segments.length == 3 ? segments[2] : "";
        Supplier<CompletionStage<Void>> change = switch (action) {
            case "" -> {
                AdminAccess.requireMethod(method, HttpMethod.DELETE);
                yield () -> users.delete(name, by);
            }
            case "disable", "enable" -> {
                AdminAccess.requireMethod(method, HttpMethod.POST);
                yield () -> users.setEnabled(name, action.equals("enable"), by);
            }
            case "roles" -> {
                AdminAccess.requireMethod(method, HttpMethod.PUT);
                List<String> roles = roles(request);
                yield () -> users.setRoles(name, roles, by);
            }
            case "password" -> {
                AdminAccess.requireMethod(method, HttpMethod.POST);
                MediaTypes.requireJson(request);
                String password = TokenRequests.requiredField(JsonFields.read(request.content(), PASSWORD),
                        "password", Passwords.MAX_LENGTH);
                yield () -> users.resetPassword(name, password, by);
            }
            case "email" -> {
                AdminAccess.requireMethod(method, HttpMethod.PUT);
                MediaTypes.requireJson(request);
                Map<String, Object> body = JsonFields.readWithBooleans(request.content(), Set.of("email"),
                        Set.of("email_verified"));
                String email = (String) body.get("email");
                boolean verified = Boolean.TRUE.equals(body.get("email_verified"));
                yield () -> users.setEmail(name, email, verified, by);
            }
            case "mfa" -> {
                AdminAccess.requireMethod(method, HttpMethod.DELETE);
                yield () -> users.resetSecondFactor(name, by);
            }
            default -> throw new ApiException(ApiError.NOT_FOUND, "No resource at this path.");
        };
        return () -> change.get().thenApply(nothing -> JsonReply.noContent());
    }

    private static List<String> roles(FullHttpRequest request) {
        MediaTypes.requireJson(request);
        Object roles = JsonFields.readWithLists(request.content(), Set.of(), ROLES).get("roles");
        if (roles == null) {
            throw new ApiException(ApiError.INVALID_REQUEST, "The field 'roles' is required.");
        }
        @SuppressWarnings("unchecked")
        List<String> list = (List<String>) roles;
        return list;
    }

    private static JsonReply created(UserAccount user) {
        return new JsonReply(HttpResponseStatus.CREATED, json -> {
            json.writeStartObject();
            json.writeStringField("id", user.id());
            json.writeStringField("username", user.username());
            JsonReply.writeStrings(json, "roles", user.roles());
            json.writeBooleanField("enabled", user.enabled());
            json.writeEndObject();
        }, Map.of(), false, false);
    }
}
