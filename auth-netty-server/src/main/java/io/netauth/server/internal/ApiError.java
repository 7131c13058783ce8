package io.netauth.server.internal;

import io.netty.handler.codec.http.HttpResponseStatus;

/** The closed set of error codes of the HTTP contract, each with its one status. Not API. */
public enum ApiError {
    INVALID_REQUEST("invalid_request", HttpResponseStatus.BAD_REQUEST),
    INVALID_CREDENTIALS("invalid_credentials", HttpResponseStatus.UNAUTHORIZED),
    WEAK_PASSWORD("weak_password", HttpResponseStatus.BAD_REQUEST),
    INVALID_TOKEN("invalid_token", HttpResponseStatus.UNAUTHORIZED),
    MFA_REQUIRED("mfa_required", HttpResponseStatus.UNAUTHORIZED),
    MFA_ENROLLMENT_REQUIRED("mfa_enrollment_required", HttpResponseStatus.UNAUTHORIZED),
    INVALID_CODE("invalid_code", HttpResponseStatus.UNAUTHORIZED),
    FORBIDDEN("forbidden", HttpResponseStatus.FORBIDDEN),
    NOT_FOUND("not_found", HttpResponseStatus.NOT_FOUND),
    CONFLICT("conflict", HttpResponseStatus.CONFLICT),
    METHOD_NOT_ALLOWED("method_not_allowed", HttpResponseStatus.METHOD_NOT_ALLOWED),
    PAYLOAD_TOO_LARGE("payload_too_large", HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE),
    URI_TOO_LONG("uri_too_long", HttpResponseStatus.REQUEST_URI_TOO_LONG),
    UNSUPPORTED_MEDIA_TYPE("unsupported_media_type", HttpResponseStatus.UNSUPPORTED_MEDIA_TYPE),
    HEADERS_TOO_LARGE("headers_too_large", HttpResponseStatus.REQUEST_HEADER_FIELDS_TOO_LARGE),
    TOO_MANY_ATTEMPTS("too_many_attempts", HttpResponseStatus.TOO_MANY_REQUESTS),
    INTERNAL_ERROR("internal_error", HttpResponseStatus.INTERNAL_SERVER_ERROR),
    OVERLOADED("overloaded", HttpResponseStatus.SERVICE_UNAVAILABLE),
    UNAVAILABLE("unavailable", HttpResponseStatus.SERVICE_UNAVAILABLE);

    private final String code;
    private final HttpResponseStatus status;

    ApiError(String code, HttpResponseStatus status) {
        this.code = code;
        this.status = status;
    }

    public String code() {
        return code;
    }

    public HttpResponseStatus status() {
        return status;
    }
}
