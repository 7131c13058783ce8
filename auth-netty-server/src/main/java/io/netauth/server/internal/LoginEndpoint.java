package io.netauth.server.internal;

import io.netauth.core.IssuedToken;
import io.netauth.core.LoginService;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.FullHttpRequest;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionStage;

/** {@code POST /auth}: checks the body, runs the login and answers the access token. Not API. */
public final class LoginEndpoint implements Endpoint {

    static final int MAX_USERNAME_LENGTH = 256;
    static final int MAX_PASSWORD_LENGTH = 1024;
    private static final String USERNAME = "username";
    private static final String PASSWORD = "password";
    private static final Set<String> FIELDS = Set.of(USERNAME, PASSWORD);

    private final LoginService logins;
    private final LoginAudit audit;

    public LoginEndpoint(LoginService logins, LoginAudit audit) {
        this.logins = logins;
        this.audit = audit;
    }

    @Override
    public CompletionStage<JsonReply> serve(ChannelHandlerContext ctx, FullHttpRequest request) {
        MediaTypes.requireJson(request);
        Map<String, String> body = JsonFields.read(request.content(), FIELDS);
        String username = required(body, USERNAME, MAX_USERNAME_LENGTH);
        String password = required(body, PASSWORD, MAX_PASSWORD_LENGTH);
        String client = audit.clientOf(ctx);
        return logins.login(username, password).handle((token, failure) -> {
            audit.record(username, client, failure);
            if (failure != null) {
                throw ErrorMapper.propagate(failure);
            }
            return tokenReply(token);
        });
    }

    static JsonReply tokenReply(IssuedToken token) {
        return JsonReply.secret(json -> {
            json.writeStartObject();
            json.writeStringField("token", token.value());
            json.writeStringField("token_type", "Bearer");
            json.writeNumberField("expires_in", token.expiresInSeconds());
            json.writeEndObject();
        });
    }

    private static String required(Map<String, String> body, String field, int maxLength) {
        String value = body.get(field);
        if (value == null || value.isEmpty()) {
            throw new ApiException(ApiError.INVALID_REQUEST, "The field '" + field + "' is required.");
        }
        if (value.length() > maxLength) {
            throw new ApiException(ApiError.INVALID_REQUEST,
                    "The field '" + field + "' is longer than " + maxLength + " characters.");
        }
        return value;
    }
}
