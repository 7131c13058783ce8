package io.netauth.server.internal;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;

/**
 * Complete HTTP responses as bytes, for the few answers given below the HTTP codec, where the connection is
 * refused or cut and closed right after. Not API.
 */
final class RawResponses {

    private RawResponses() {
    }

    /** 503 for a connection past {@code max-connections}. */
    static ByteBuf tooManyConnections() {
        return Unpooled.wrappedBuffer(bytes("503 Service Unavailable", "overloaded",
                "The server has too many connections; retry later.", true));
    }

    /** 408 for a request not received whole within {@code request-timeout}. */
    static ByteBuf requestTimeout() {
        return Unpooled.wrappedBuffer(bytes("408 Request Timeout", "request_timeout",
                "The request was not received in time.", false));
    }

    private static byte[] bytes(String status, String code, String message, boolean retry) {
        String body = "{\"error\":\"" + code + "\",\"message\":\"" + message + "\"}";
        String head = "HTTP/1.1 " + status + "\r\n"
                + "content-type: application/json; charset=utf-8\r\n"
                + "x-content-type-options: nosniff\r\n"
                + "date: " + HttpDate.now() + "\r\n"
                + (retry ? "retry-after: 1\r\n" : "")
                + "connection: close\r\n"
                + "content-length: " + body.getBytes(StandardCharsets.UTF_8).length + "\r\n\r\n";
        return (head + body).getBytes(StandardCharsets.UTF_8);
    }
}
