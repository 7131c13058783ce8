package io.netauth.server.internal;

import io.netauth.core.DuplicateUserException;
import io.netauth.core.InvalidCredentialsException;
import io.netauth.core.InvalidTokenException;
import io.netauth.core.OverloadedException;
import io.netauth.core.StoreUnavailableException;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place where failures become HTTP answers. Expected failures map to their code with a fixed,
 * safe message; anything else is a 500 whose body says nothing and whose cause goes to the log. Not API.
 */
public final class ErrorMapper {

    private static final Logger log = LoggerFactory.getLogger(ErrorMapper.class);
    private static final String RETRY_AFTER_SECONDS = "1";

    private ErrorMapper() {
    }

    public static JsonReply toReply(Throwable failure) {
        Throwable cause = unwrap(failure);
        if (cause instanceof ApiException api) {
            return JsonReply.error(api.error(), api.getMessage(), api.headers());
        }
        if (cause instanceof InvalidCredentialsException) {
            return JsonReply.error(ApiError.INVALID_CREDENTIALS, cause.getMessage(), Map.of());
        }
        if (cause instanceof DuplicateUserException) {
            return JsonReply.error(ApiError.CONFLICT, cause.getMessage(), Map.of());
        }
        if (cause instanceof InvalidTokenException) {
            return JsonReply.error(ApiError.INVALID_TOKEN, cause.getMessage(), Map.of());
        }
        if (cause instanceof OverloadedException) {
            return JsonReply.error(ApiError.OVERLOADED, "The server is busy; retry later.",
                    Map.of("Retry-After", RETRY_AFTER_SECONDS));
        }
        if (cause instanceof StoreUnavailableException) {
            log.warn("Store unavailable: {}", cause.getMessage(), cause.getCause());
            return JsonReply.error(ApiError.UNAVAILABLE, "A backing service is unavailable; retry later.",
                    Map.of("Retry-After", RETRY_AFTER_SECONDS));
        }
        log.error("Unexpected failure while serving a request", cause);
        return JsonReply.error(ApiError.INTERNAL_ERROR, "The server failed to answer this request.", Map.of());
    }

    /** Rethrows a failure from inside a completion stage without wrapping it twice. */
    public static RuntimeException propagate(Throwable failure) {
        Throwable cause = unwrap(failure);
        return cause instanceof RuntimeException runtime ? runtime : new CompletionException(cause);
    }

    private static Throwable unwrap(Throwable failure) {
        Throwable cause = failure;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException)
                && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }
}
