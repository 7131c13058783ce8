package io.netauth.server.internal;

import io.netauth.core.mfa.InvalidCodeException;
import io.netauth.core.mfa.MfaRequiredException;
import io.netauth.core.mfa.MfaStateException;
import io.netauth.core.DuplicateUserException;
import io.netauth.core.InvalidCredentialsException;
import io.netauth.core.InvalidInputException;
import io.netauth.core.InvalidTokenException;
import io.netauth.core.NoSuchUserException;
import io.netauth.core.OverloadedException;
import io.netauth.core.StoreUnavailableException;
import io.netauth.core.TooManyAttemptsException;
import io.netauth.core.internal.Failures;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place where failures become HTTP answers: the core's typed failures, the endpoints' own refusals,
 * and requests the codec could not take. Expected failures map to their code with a fixed, safe message;
 * anything else is a 500 whose body says nothing and whose cause goes to the log. Not API.
 */
public final class ErrorMapper {

    private static final Logger log = LoggerFactory.getLogger(ErrorMapper.class);
    /** Failures that repeat are logged once a window, with a count. */
    private static final RepeatedErrors repeated = new RepeatedErrors(log);
    private static final String RETRY_AFTER_SECONDS = "1";

    private ErrorMapper() {
    }

    public static JsonReply toReply(Throwable failure) {
        Throwable cause = Failures.cause(failure);
        if (cause instanceof ApiException api) {
            return JsonReply.error(api.error(), api.getMessage(), api.headers());
        }
        if (cause instanceof MfaRequiredException mfa) {
            return secondStep(mfa);
        }
        if (cause instanceof InvalidCodeException) {
            return JsonReply.error(ApiError.INVALID_CODE, cause.getMessage(), Map.of());
        }
        if (cause instanceof MfaStateException) {
            return JsonReply.error(ApiError.CONFLICT, cause.getMessage(), Map.of());
        }
        if (cause instanceof InvalidCredentialsException) {
            return JsonReply.error(ApiError.INVALID_CREDENTIALS, cause.getMessage(), Map.of());
        }
        if (cause instanceof TooManyAttemptsException tooMany) {
            return JsonReply.error(ApiError.TOO_MANY_ATTEMPTS, cause.getMessage(),
                    Map.of("Retry-After", Long.toString(tooMany.retryAfterSeconds())));
        }
        if (cause instanceof io.netauth.core.WeakPasswordException) {
            return JsonReply.error(ApiError.WEAK_PASSWORD, cause.getMessage(), Map.of());
        }
        if (cause instanceof DuplicateUserException || cause instanceof io.netauth.core.LastRoleHolderException) {
            return JsonReply.error(ApiError.CONFLICT, cause.getMessage(), Map.of());
        }
        if (cause instanceof InvalidInputException) {
            return JsonReply.error(ApiError.INVALID_REQUEST, cause.getMessage(), Map.of());
        }
        if (cause instanceof NoSuchUserException || cause instanceof io.netauth.core.client.NoSuchClientException) {
            return JsonReply.error(ApiError.NOT_FOUND, cause.getMessage(), Map.of());
        }
        if (cause instanceof InvalidTokenException) {
            return JsonReply.error(ApiError.INVALID_TOKEN, cause.getMessage(), Map.of());
        }
        if (cause instanceof OverloadedException) {
            return JsonReply.error(ApiError.OVERLOADED, "The server is busy; retry later.",
                    Map.of("Retry-After", RETRY_AFTER_SECONDS));
        }
        if (cause instanceof StoreUnavailableException) {
            repeated.warn("Store unavailable", cause.getMessage(), cause.getCause());
            return JsonReply.error(ApiError.UNAVAILABLE, "A backing service is unavailable; retry later.",
                    Map.of("Retry-After", RETRY_AFTER_SECONDS));
        }
        repeated.error("Unexpected failure while serving a request", cause);
        return JsonReply.error(ApiError.INTERNAL_ERROR, "The server failed to answer this request.", Map.of());
    }

    /**
     * 401 {@code mfa_required} or {@code mfa_enrollment_required}, with the MFA token of the second step, the
     * methods and the token's lifetime; never cached, since it carries a token.
     */
    private static JsonReply secondStep(MfaRequiredException mfa) {
        ApiError error = mfa.enrolment() ? ApiError.MFA_ENROLLMENT_REQUIRED : ApiError.MFA_REQUIRED;
        return new JsonReply(error.status(), json -> {
            json.writeStartObject();
            json.writeStringField("error", error.code());
            json.writeStringField("message", mfa.getMessage());
            json.writeStringField("mfa_token", mfa.mfaToken());
            JsonReply.writeStrings(json, "methods", mfa.methods());
            json.writeNumberField("expires_in", mfa.expiresIn().getSeconds());
            json.writeEndObject();
        }, Map.of(), true, false);
    }

    /** The answer to a request the HTTP codec could not decode; the connection closes after it. */
    public static JsonReply malformed(Throwable cause) {
        JsonReply reply;
        if (cause instanceof TooLongHttpLineException) {
            reply = JsonReply.error(ApiError.URI_TOO_LONG, "The request line is longer than this server accepts.",
                    Map.of());
        } else if (cause instanceof TooLongHttpHeaderException) {
            reply = JsonReply.error(ApiError.HEADERS_TOO_LARGE, "The headers are larger than this server accepts.",
                    Map.of());
        } else if (cause instanceof TooLongFrameException) {
            reply = JsonReply.error(ApiError.PAYLOAD_TOO_LARGE, "A chunk is larger than this server accepts.",
                    Map.of());
        } else {
            reply = JsonReply.error(ApiError.INVALID_REQUEST, "The request is not valid HTTP/1.1.", Map.of());
        }
        return reply.closing();
    }

    /** The answer to a body over the limit, which the aggregator refused; the connection closes after it. */
    public static JsonReply oversized() {
        return JsonReply.error(ApiError.PAYLOAD_TOO_LARGE, "The body is larger than this server accepts.", Map.of())
                .closing();
    }
}
