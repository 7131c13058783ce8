package io.netauth.server.internal;

import io.netauth.core.InvalidTokenException;
import io.netauth.core.PasswordHasher;
import io.netauth.core.TokenVerifier;
import io.netauth.core.UserAccount;
import io.netauth.core.UserDirectory;
import io.netauth.core.VerifiedToken;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The admin API under {@code /admin/users}, off unless configured: create, disable, enable, delete a user, set
 * roles, reset a password. Every call needs an access token carrying the admin role (401 without a valid
 * token, 403 without the role), and every change is audited with who made it. Directory calls run on the
 * {@code blockingExecutor}, password hashing on the {@code hashingExecutor}. Not API.
 */
public final class AdminEndpoint implements Endpoint {

    public static final String PREFIX = "/admin/users";
    private static final Logger audit = LoggerFactory.getLogger("netauth.audit");
    private static final Set<String> CREATE_STRINGS = Set.of("username", "password");
    private static final Set<String> ROLES = Set.of("roles");
    private static final Set<String> PASSWORD = Set.of("password");

    private final TokenVerifier verifier;
    private final String adminRole;
    private final UserDirectory directory;
    private final PasswordHasher hasher;
    private final Executor blockingExecutor;
    private final Executor hashingExecutor;
    private final ClientAddresses clients;

    public AdminEndpoint(TokenVerifier verifier, String adminRole, UserDirectory directory, PasswordHasher hasher,
            Executor blockingExecutor, Executor hashingExecutor, ClientAddresses clients) {
        this.verifier = verifier;
        this.adminRole = adminRole;
        this.directory = directory;
        this.hasher = hasher;
        this.blockingExecutor = blockingExecutor;
        this.hashingExecutor = hashingExecutor;
        this.clients = clients;
    }

    @Override
    public CompletionStage<JsonReply> serve(ChannelHandlerContext ctx, FullHttpRequest request) {
        VerifiedToken admin = authorize(request);
        String by = admin.subject() + " (" + LogSafe.text(admin.username()) + ") client="
                + clients.clientOf(ctx.channel(), request);
        String[] segments = Router.pathOf(request.uri()).substring(PREFIX.length()).split("/", -1);
        HttpMethod method = request.method();
        // segments: [""] for /admin/users, ["", name] or ["", name, action]
        if (segments.length == 1 && segments[0].isEmpty()) {
            requireMethod(method, HttpMethod.POST);
            return create(request, by);
        }
        if (segments.length < 2 || !segments[0].isEmpty() || segments[1].isEmpty() || segments.length > 3) {
            throw new ApiException(ApiError.NOT_FOUND, "No resource at this path.");
        }
        String name = QueryStringDecoder.decodeComponent(segments[1]);
        String action = segments.length == 3 ? segments[2] : "";
        switch (action) {
            case "" -> {
                requireMethod(method, HttpMethod.DELETE);
                return change(() -> directory.deleteUser(name), "delete", name, by);
            }
            case "disable", "enable" -> {
                requireMethod(method, HttpMethod.POST);
                boolean enable = action.equals("enable");
                return change(() -> directory.setEnabled(name, enable), action, name, by);
            }
            case "roles" -> {
                requireMethod(method, HttpMethod.PUT);
                List<String> roles = roles(request);
                return change(() -> checked(() -> directory.setRoles(name, roles)), "set_roles " + roles, name, by);
            }
            case "password" -> {
                requireMethod(method, HttpMethod.POST);
                MediaTypes.requireJson(request);
                String password = TokenRequests.requiredField(JsonFields.read(request.content(), PASSWORD),
                        "password", LoginEndpoint.MAX_PASSWORD_LENGTH);
                return hashed(password).thenCompose(hash -> change(() -> directory.setPasswordHash(name, hash),
                        "reset_password", name, by));
            }
            default -> throw new ApiException(ApiError.NOT_FOUND, "No resource at this path.");
        }
    }

    private VerifiedToken authorize(FullHttpRequest request) {
        String authorization = request.headers().get(HttpHeaderNames.AUTHORIZATION);
        VerifiedToken token;
        try {
            if (authorization == null || authorization.length() < 8
                    || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
                throw new InvalidTokenException("missing");
            }
            token = verifier.verify(authorization.substring(7).trim());
        } catch (InvalidTokenException e) {
            throw new ApiException(ApiError.INVALID_TOKEN, "The admin API needs a valid bearer token.",
                    Map.of("WWW-Authenticate", "Bearer error=\"invalid_token\""));
        }
        if (!token.roles().contains(adminRole)) {
            throw new ApiException(ApiError.FORBIDDEN, "The token lacks the admin role.");
        }
        return token;
    }

    private CompletionStage<JsonReply> create(FullHttpRequest request, String by) {
        MediaTypes.requireJson(request);
        Map<String, Object> body = JsonFields.readWithLists(request.content(), CREATE_STRINGS, ROLES);
        String username = TokenRequests.requiredField(body, "username", LoginEndpoint.MAX_USERNAME_LENGTH);
        String password = TokenRequests.requiredField(body, "password", LoginEndpoint.MAX_PASSWORD_LENGTH);
        @SuppressWarnings("unchecked")
        List<String> roles = (List<String>) body.getOrDefault("roles", List.of());
        return hashed(password).thenCompose(hash -> blocking(() -> checked(() -> directory.createUser(username, hash,
                roles)))).thenApply(user -> {
                    audit.info("admin action=create user=\"{}\" by={}", LogSafe.text(user.username()), by);
                    return created(user);
                });
    }

    private CompletionStage<JsonReply> change(Supplier<Boolean> work, String action, String name, String by) {
        return blocking(work).thenApply(found -> {
            if (!found) {
                throw new ApiException(ApiError.NOT_FOUND, "No such user.");
            }
            audit.info("admin action={} user=\"{}\" by={}", action, LogSafe.text(name), by);
            return JsonReply.noContent();
        });
    }

    private CompletionStage<String> hashed(String password) {
        try {
            return CompletableFuture.supplyAsync(() -> hasher.hash(password), hashingExecutor);
        } catch (RejectedExecutionException e) {
            return CompletableFuture.failedFuture(new io.netauth.core.OverloadedException("hashingExecutor"));
        }
    }

    private <T> CompletionStage<T> blocking(Supplier<T> work) {
        try {
            return CompletableFuture.supplyAsync(work, blockingExecutor);
        } catch (RejectedExecutionException e) {
            return CompletableFuture.failedFuture(new io.netauth.core.OverloadedException("blockingExecutor"));
        }
    }

    /** A name or role the directory refuses is the client's mistake: 400, with the directory's reason. */
    private static <T> T checked(Supplier<T> work) {
        try {
            return work.get();
        } catch (IllegalArgumentException e) {
            throw new ApiException(ApiError.INVALID_REQUEST, e.getMessage());
        }
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

    private static void requireMethod(HttpMethod actual, HttpMethod expected) {
        if (!expected.equals(actual)) {
            throw new ApiException(ApiError.METHOD_NOT_ALLOWED, "This path does not accept " + actual.name() + '.',
                    Map.of("Allow", expected.name()));
        }
    }

    private static JsonReply created(UserAccount user) {
        return new JsonReply(HttpResponseStatus.CREATED, json -> {
            json.writeStartObject();
            json.writeStringField("id", user.id());
            json.writeStringField("username", user.username());
            json.writeArrayFieldStart("roles");
            for (String role : user.roles()) {
                json.writeString(role);
            }
            json.writeEndArray();
            json.writeBooleanField("enabled", user.enabled());
            json.writeEndObject();
        }, Map.of(), false, false);
    }
}
