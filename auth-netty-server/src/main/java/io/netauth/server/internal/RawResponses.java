package io.netauth.server.internal;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;

/**
 * Complete HTTP responses as bytes, for the few answers given below the HTTP codec, where the connection is
 * refused or cut and closed right after. Not API.
 */
final class RawResponses {

    static final ByteBuf TOO_MANY_CONNECTIONS = Unpooled.unreleasableBuffer(Unpooled.wrappedBuffer(bytes(
            "503 Service Unavailable", "overloaded", "The server has too many connections; retry later.", true)));
    static final ByteBuf REQUEST_TIMEOUT = Unpooled.unreleasableBuffer(Unpooled.wrappedBuffer(bytes(
            "408 Request Timeout", "request_timeout", "The request was not received in time.", false)));

    private RawResponses() {
    }

    private static byte[] bytes(String status, String code, String message, boolean retry) {
        String body = "{\"error\":\"" + code + "\",\"message\":\"" + message + "\"}";
        String head = "HTTP/1.1 " + status + "\r\n"
                + "content-type: application/json; charset=utf-8\r\n"
                + "x-content-type-options: nosniff\r\n"
                + (retry ? "retry-after: 1\r\n" : "")
                + "connection: close\r\n"
                + "content-length: " + body.getBytes(StandardCharsets.UTF_8).length + "\r\n\r\n";
        return (head + body).getBytes(StandardCharsets.UTF_8);
    }
}
