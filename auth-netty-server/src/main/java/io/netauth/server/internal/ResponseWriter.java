package io.netauth.server.internal;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufOutputStream;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.AsciiString;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.Map;

/** Turns a {@link JsonReply} into a full HTTP response, writing the JSON straight into a pooled buffer. */
public final class ResponseWriter {

    private static final AsciiString JSON_UTF8 = AsciiString.cached("application/json; charset=utf-8");
    private static final AsciiString NO_STORE = AsciiString.cached("no-store");
    private static final AsciiString NO_CACHE = AsciiString.cached("no-cache");
    private static final AsciiString CONTENT_TYPE_OPTIONS = AsciiString.cached("x-content-type-options");
    private static final AsciiString NOSNIFF = AsciiString.cached("nosniff");
    private static final JsonFactory JSON = new JsonFactory();

    private ResponseWriter() {
    }

    /**
     * Builds the response; the caller owns (and writes) it. For a HEAD request the codec drops the body and
     * keeps its {@code Content-Length}, so the same reply serves both.
     */
    public static FullHttpResponse toResponse(JsonReply reply, ByteBufAllocator alloc) {
        ByteBuf content = reply.text() != null ? alloc.buffer(reply.text().bytes().length).writeBytes(reply.text().bytes())
                : reply.body() == null ? alloc.buffer(0) : writeJson(reply.body(), alloc);
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, reply.status(), content);
        HttpHeaders headers = response.headers();
        if (reply.text() != null) {
            headers.set(HttpHeaderNames.CONTENT_TYPE, reply.text().contentType());
        } else if (reply.body() != null) {
            headers.set(HttpHeaderNames.CONTENT_TYPE, JSON_UTF8);
        }
        headers.set(CONTENT_TYPE_OPTIONS, NOSNIFF);
        headers.set(HttpHeaderNames.DATE, HttpDate.now());
        if (reply.noStore()) {
            headers.set(HttpHeaderNames.CACHE_CONTROL, NO_STORE);
            headers.set(HttpHeaderNames.PRAGMA, NO_CACHE);
        }
        try {
            for (Map.Entry<String, String> header : reply.headers().entrySet()) {
                headers.set(header.getKey(), header.getValue()); // Netty validates: an invalid value throws
            }
        } catch (RuntimeException e) {
            response.release(); // the caller answers with another response; this one's body goes back to the pool
            throw e;
        }
        if (reply.status().code() != 204) {
            headers.setInt(HttpHeaderNames.CONTENT_LENGTH, content.readableBytes());
        }
        if (reply.close()) {
            headers.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        }
        return response;
    }

    private static ByteBuf writeJson(JsonReply.Body body, ByteBufAllocator alloc) {
        ByteBuf buffer = alloc.buffer(256);
        try (JsonGenerator json = JSON.createGenerator((OutputStream) new ByteBufOutputStream(buffer),
                JsonEncoding.UTF8)) {
            body.writeTo(json);
        } catch (IOException e) {
            buffer.release();
            throw new UncheckedIOException(e);
        } catch (RuntimeException e) {
            buffer.release();
            throw e;
        }
        return buffer;
    }
}
