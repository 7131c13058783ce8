package io.netauth.server.internal;

import com.fasterxml.jackson.core.JsonGenerator;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.io.IOException;
import java.util.Map;

/**
 * What an endpoint answers: a status, a JSON body written straight into the response buffer, and extra
 * headers. Immutable; turned into bytes on the event loop by {@link ResponseWriter}. Not API.
 *
 * @param status   the status
 * @param body     writes the body's JSON value, or {@code null} for no body
 * @param headers  extra headers
 * @param noStore  whether the response carries a secret and must not be cached
 * @param close    whether the connection closes after this response
 */
public record JsonReply(HttpResponseStatus status, Body body, Map<String, String> headers, boolean noStore,
        boolean close, Text text) {

    /** A body that is not JSON (the Prometheus text format): its bytes and its media type. */
    public record Text(String contentType, byte[] bytes) {
    }

    public JsonReply(HttpResponseStatus status, Body body, Map<String, String> headers, boolean noStore,
            boolean close) {
        this(status, body, headers, noStore, close, null);
    }

    /** A 200 with a text body. */
    public static JsonReply text(String contentType, byte[] bytes) {
        return new JsonReply(HttpResponseStatus.OK, null, Map.of(), false, false, new Text(contentType, bytes));
    }

    /** Writes one JSON value. */
    @FunctionalInterface
    public interface Body {
        void writeTo(JsonGenerator json) throws IOException;
    }

    /** The same reply with another status. */
    public JsonReply withStatus(HttpResponseStatus other) {
        return new JsonReply(other, body, headers, noStore, close, text);
    }

    public static JsonReply ok(Body body) {
        return new JsonReply(HttpResponseStatus.OK, body, Map.of(), false, false);
    }

    /** A 204: done, nothing to say. */
    public static JsonReply noContent() {
        return new JsonReply(HttpResponseStatus.NO_CONTENT, null, Map.of(), false, false);
    }

    /** A 200 that carries a token: {@code Cache-Control: no-store}. */
    public static JsonReply secret(Body body) {
        return new JsonReply(HttpResponseStatus.OK, body, Map.of(), true, false);
    }

    public static JsonReply error(ApiError error, String message, Map<String, String> headers) {
        return new JsonReply(error.status(), json -> {
            json.writeStartObject();
            json.writeStringField("error", error.code());
            json.writeStringField("message", message);
            json.writeEndObject();
        }, headers, false, false);
    }

    /** Writes {@code "field": ["a", "b"]}: the one way a list of names (roles, audiences) is written. */
    public static void writeStrings(JsonGenerator json, String field, java.util.List<String> values)
            throws IOException {
        json.writeArrayFieldStart(field);
        for (String value : values) {
            json.writeString(value);
        }
        json.writeEndArray();
    }

    /** The same reply with more headers. */
    public JsonReply withHeaders(Map<String, String> more) {
        Map<String, String> all = new java.util.LinkedHashMap<>(headers);
        all.putAll(more);
        return new JsonReply(status, body, Map.copyOf(all), noStore, close, text);
    }

    /** The same reply, closing the connection after it is sent. */
    public JsonReply closing() {
        return new JsonReply(status, body, headers, noStore, true, text);
    }
}
