package io.netauth.server.internal;

import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.util.ReferenceCountUtil;
import java.util.ArrayDeque;

/**
 * HTTP/1.1 pipelining: lets one request of a connection at a time through to the router and holds the
 * following ones until its response is written, so responses leave in request order however long each
 * takes. Past {@code maxWaiting} held requests it stops reading from the socket until the queue drains.
 * One instance per connection; touched only on its event loop. Not API.
 */
public final class PipelinedRequestSequencer extends ChannelDuplexHandler {

    private final int maxWaiting;
    private final ArrayDeque<Object> waiting = new ArrayDeque<>();
    private boolean inFlight;

    public PipelinedRequestSequencer(int maxWaiting) {
        this.maxWaiting = maxWaiting;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof FullHttpRequest) && msg != OversizedRequest.INSTANCE) {
            ctx.fireChannelRead(msg);
            return;
        }
        if (inFlight) {
            waiting.add(msg);
            if (waiting.size() >= maxWaiting) {
                ctx.channel().config().setAutoRead(false);
            }
            return;
        }
        inFlight = true;
        ctx.fireChannelRead(msg);
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        boolean completesRequest = msg instanceof FullHttpResponse;
        ctx.write(msg, promise);
        if (completesRequest) {
            inFlight = false;
            releaseNext(ctx);
        }
    }

    private void releaseNext(ChannelHandlerContext ctx) {
        Object next = waiting.poll();
        if (next == null) {
            return;
        }
        if (!ctx.channel().config().isAutoRead() && waiting.size() < maxWaiting / 2 + 1) {
            ctx.channel().config().setAutoRead(true);
        }
        inFlight = true;
        // Flush what was written first: the next request may take a while and the client waits for this one.
        ctx.flush();
        ctx.fireChannelRead(next);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        releaseWaiting();
        ctx.fireChannelInactive();
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        releaseWaiting();
    }

    private void releaseWaiting() {
        Object held;
        while ((held = waiting.poll()) != null) {
            ReferenceCountUtil.release(held);
        }
    }
}
