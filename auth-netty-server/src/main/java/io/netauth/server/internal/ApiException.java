package io.netauth.server.internal;

import java.util.Map;

/**
 * A request the server refuses with one of the contract's errors. The message is shown to the client, so it
 * names what was wrong with the request and never echoes a secret. Not API.
 */
public final class ApiException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final ApiError error;
    private final transient Map<String, String> headers;

    public ApiException(ApiError error, String message) {
        this(error, message, Map.of());
    }

    public ApiException(ApiError error, String message, Map<String, String> headers) {
        super(message, null, false, false);
        this.error = error;
        this.headers = Map.copyOf(headers);
    }

    public ApiError error() {
        return error;
    }

    /** Extra response headers, such as {@code Allow} or {@code Retry-After}. */
    public Map<String, String> headers() {
        return headers;
    }
}
