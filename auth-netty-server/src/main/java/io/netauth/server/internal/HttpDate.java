package io.netauth.server.internal;

import io.netty.handler.codec.DateFormatter;
import io.netty.util.AsciiString;
import java.util.Date;

/**
 * The {@code Date} of a response (RFC 9110 section 6.6.1: an origin server with a clock must send it), in the
 * IMF-fixdate form, formatted once per second rather than once per response. Thread-safe. Not API.
 */
final class HttpDate {

    private static volatile Formatted last = new Formatted(-1, AsciiString.EMPTY_STRING);

    private HttpDate() {
    }

    static AsciiString now() {
        long millis = System.currentTimeMillis();
        long second = millis / 1000;
        Formatted current = last;
        if (current.second != second) {
            current = new Formatted(second, AsciiString.cached(DateFormatter.format(new Date(second * 1000))));
            last = current; // a race only formats the same second twice
        }
        return current.text;
    }

    private record Formatted(long second, AsciiString text) {
    }
}
