package io.netauth.server.internal;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.timeout.IdleStateEvent;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Cuts off a client that takes too long to send a request (a slowloris dripping its headers a byte at a time
 * never trips an idle timer): the clock starts with the first bytes of a request, below the codec, and stops
 * when the whole request has come through the aggregator. Past {@code timeout} the client gets a 408 and
 * the connection is closed. Also closes a connection that was idle (no read or write) for too long. One
 * instance per connection, made of two handlers that share its state; touched only on the event loop.
 * Not API.
 */
public final class RequestDeadline {

    private final Duration timeout;
    private ScheduledFuture<?> timer;

    public RequestDeadline(Duration timeout) {
        this.timeout = timeout;
    }

    /** Goes before the HTTP codec: starts the clock on the first bytes of a request. */
    public ChannelDuplexHandler bytesIn() {
        return new ChannelDuplexHandler() {
            @Override
            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                if (timer == null && msg instanceof ByteBuf) {
                    timer = ctx.executor().schedule(() -> expire(ctx), timeout.toNanos(), TimeUnit.NANOSECONDS);
                }
                ctx.fireChannelRead(msg);
            }

            @Override
            public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
                if (event instanceof IdleStateEvent) {
                    ctx.close();
                    return;
                }
                ctx.fireUserEventTriggered(event);
            }

            @Override
            public void channelInactive(ChannelHandlerContext ctx) {
                stop();
                ctx.fireChannelInactive();
            }
        };
    }

    /** Goes after the aggregator: a whole request (or one refused as too large) stops the clock. */
    public ChannelInboundHandlerAdapter requestComplete() {
        return new ChannelInboundHandlerAdapter() {
            @Override
            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                if (msg instanceof FullHttpRequest || msg == OversizedRequest.INSTANCE) {
                    stop();
                }
                ctx.fireChannelRead(msg);
            }
        };
    }

    private void expire(ChannelHandlerContext ctx) {
        timer = null;
        ctx.channel().config().setAutoRead(false);
        ctx.writeAndFlush(RawResponses.requestTimeout()).addListener(ChannelFutureListener.CLOSE);
    }

    private void stop() {
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
    }
}
