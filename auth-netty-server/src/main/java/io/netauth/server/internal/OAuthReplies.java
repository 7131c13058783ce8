package io.netauth.server.internal;

import io.netauth.core.OverloadedException;
import io.netauth.core.StoreUnavailableException;
import io.netauth.core.TooManyAttemptsException;
import io.netauth.core.client.OAuthError;
import io.netauth.core.client.OAuthException;
import io.netauth.core.internal.Failures;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * The error family of the {@code /oauth2} endpoints (RFC 6749 section 5.2): {@code {"error",
 * "error_description"}} with {@code Cache-Control: no-store}; {@code invalid_client} is a 401, with a Basic
 * challenge when the client tried Basic; the server's own refusals keep their statuses (429 with
 * {@code too_many_attempts}, 503 with {@code overloaded} or {@code unavailable}). Not API.
 */
final class OAuthReplies {

    private OAuthReplies() {
    }

    /** Runs an endpoint's work and answers any failure in this family. */
    static CompletionStage<JsonReply> serve(boolean basicTried, Supplier<CompletionStage<JsonReply>> work) {
        CompletionStage<JsonReply> stage;
        try {
            stage = work.get();
        } catch (RuntimeException e) {
            stage = CompletableFuture.failedFuture(e);
        }
        return stage.handle((reply, failure) -> failure == null ? reply : toReply(failure, basicTried));
    }

    static JsonReply toReply(Throwable failure, boolean basicTried) {
        Throwable cause = Failures.cause(failure);
        if (cause instanceof OAuthException oauth) {
            if (oauth.error() == OAuthError.INVALID_CLIENT) {
                return error(HttpResponseStatus.UNAUTHORIZED, oauth.error().code(), oauth.getMessage(),
                        basicTried ? Map.of("WWW-Authenticate", "Basic realm=\"oauth2\"") : Map.of());
            }
            return error(HttpResponseStatus.BAD_REQUEST, oauth.error().code(), oauth.getMessage(), Map.of());
        }
        if (cause instanceof TooManyAttemptsException tooMany) {
            return error(HttpResponseStatus.TOO_MANY_REQUESTS, "too_many_attempts", cause.getMessage(),
                    Map.of("Retry-After", Long.toString(tooMany.retryAfterSeconds())));
        }
        if (cause instanceof OverloadedException || cause instanceof StoreUnavailableException) {
            JsonReply generic = ErrorMapper.toReply(cause); // logs a store failure once
            return error(generic.status(), cause instanceof OverloadedException ? "overloaded" : "unavailable",
                    "The server is busy or a backing service is unavailable; retry later.", generic.headers());
        }
        ErrorMapper.toReply(cause); // logs the unexpected failure with its stack trace
        return error(HttpResponseStatus.INTERNAL_SERVER_ERROR, "server_error",
                "The server failed to answer this request.", Map.of());
    }

    static JsonReply error(HttpResponseStatus status, String code, String description, Map<String, String> headers) {
        return new JsonReply(status, json -> {
            json.writeStartObject();
            json.writeStringField("error", code);
            json.writeStringField("error_description", description);
            json.writeEndObject();
        }, headers, true, false);
    }
}
