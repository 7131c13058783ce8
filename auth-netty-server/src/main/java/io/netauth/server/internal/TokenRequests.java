package io.netauth.server.internal;

import io.netauth.core.TokenGrant;
import io.netty.handler.codec.http.FullHttpRequest;
import java.util.Map;
import java.util.Set;

/** Reading and answering the token endpoints' bodies, shared by login, refresh and logout. Not API. */
final class TokenRequests {

    static final String REFRESH_TOKEN = "refresh_token";
    private static final Set<String> REFRESH_FIELDS = Set.of(REFRESH_TOKEN);
    /** Far more than a refresh token's 43 characters; anything longer is not one of ours. */
    private static final int MAX_REFRESH_TOKEN_LENGTH = 512;

    private TokenRequests() {
    }

    /** The {@code refresh_token} of a JSON body, checked for shape only. */
    static String refreshToken(FullHttpRequest request) {
        MediaTypes.requireJson(request);
        Map<String, String> body = JsonFields.read(request.content(), REFRESH_FIELDS);
        return requiredField(body, REFRESH_TOKEN, MAX_REFRESH_TOKEN_LENGTH);
    }

    /** A {@code {"username", "password"}} body, as login and registration read it. */
    record UsernameAndPassword(String username, String password) {
        @Override
        public String toString() {
            return "UsernameAndPassword[" + username + ']';
        }
    }

    private static final Set<String> CREDENTIAL_FIELDS = Set.of("username", "password");

    /** Reads {@code {"username", "password"}}; the password may be up to {@code maxPassword} characters. */
    static UsernameAndPassword usernameAndPassword(FullHttpRequest request, int maxPassword) {
        MediaTypes.requireJson(request);
        Map<String, String> body = JsonFields.read(request.content(), CREDENTIAL_FIELDS);
        return new UsernameAndPassword(requiredField(body, "username", io.netauth.core.Usernames.MAX_LENGTH),
                requiredField(body, "password", maxPassword));
    }

    static String requiredField(Map<String, ?> body, String field, int maxLength) {
        Object found = body.get(field);
        String value = found instanceof String text ? text : null;
        if (value == null || value.isEmpty()) {
            throw new ApiException(ApiError.INVALID_REQUEST, "The field '" + field + "' is required.");
        }
        if (value.length() > maxLength) {
            throw new ApiException(ApiError.INVALID_REQUEST,
                    "The field '" + field + "' is longer than " + maxLength + " characters.");
        }
        return value;
    }

    /** {@code {"token", "token_type", "expires_in", "refresh_token"}} with {@code Cache-Control: no-store}. */
    static JsonReply grantReply(TokenGrant grant) {
        return JsonReply.secret(json -> {
            json.writeStartObject();
            writeGrant(json, grant);
            json.writeEndObject();
        });
    }

    /** The fields of a grant, inside an object being written. */
    static void writeGrant(com.fasterxml.jackson.core.JsonGenerator json, TokenGrant grant) throws java.io.IOException {
        json.writeStringField("token", grant.accessToken().value());
        json.writeStringField("token_type", "Bearer");
        json.writeNumberField("expires_in", grant.accessToken().expiresInSeconds());
        json.writeStringField(REFRESH_TOKEN, grant.refreshToken());
    }
}
