package io.netauth.server.internal;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import java.util.Locale;

/** Checks that a request body is declared as UTF-8 JSON. Not API. */
public final class MediaTypes {

    private MediaTypes() {
    }

    /**
     * Accepts {@code application/json}, with no parameter but {@code charset=utf-8}.
     *
     * @throws ApiException {@link ApiError#UNSUPPORTED_MEDIA_TYPE} otherwise
     */
    public static void requireJson(HttpRequest request) {
        String contentType = request.headers().get(HttpHeaderNames.CONTENT_TYPE);
        if (contentType == null || !isUtf8Json(contentType)) {
            throw new ApiException(ApiError.UNSUPPORTED_MEDIA_TYPE,
                    "The body must be sent as Content-Type: application/json (UTF-8).");
        }
    }

    static boolean isUtf8Json(String contentType) {
        String[] parts = contentType.split(";");
        if (!parts[0].trim().equalsIgnoreCase("application/json")) {
            return false;
        }
        for (int i = 1; i < parts.length; i++) {
            String parameter = parts[i].trim().toLowerCase(Locale.ROOT).replace("\"", "");
            if (!parameter.isEmpty() && !parameter.equals("charset=utf-8")) {
                return false;
            }
        }
        return true;
    }
}
