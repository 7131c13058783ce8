package io.netauth.server.internal;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.util.AsciiString;
import java.time.Duration;

/**
 * Adds {@code Strict-Transport-Security} (RFC 6797 section 6.1) to every response of a TLS port, so that a browser
 * that has been here once never speaks plain HTTP to this host again for {@code max-age}. Only on TLS: section
 * 7.2 says a host must not send it over plain HTTP. Stateless and {@link ChannelHandler.Sharable}. Not API.
 */
@ChannelHandler.Sharable
public final class StrictTransportSecurity extends ChannelOutboundHandlerAdapter {

    private static final AsciiString NAME = AsciiString.cached("strict-transport-security");

    private final AsciiString value;

    /** @param maxAge how long a browser remembers; more than zero */
    public StrictTransportSecurity(Duration maxAge, boolean includeSubDomains) {
        this.value = AsciiString.cached("max-age=" + maxAge.toSeconds() + (includeSubDomains ? "; includeSubDomains" : ""));
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (msg instanceof HttpResponse response) {
            response.headers().set(NAME, value);
        }
        ctx.write(msg, promise);
    }
}
