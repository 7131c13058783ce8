package io.netauth.server.internal;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpObjectAggregator;

/**
 * Netty's aggregator with a body limit whose breach is answered by the router, in request order and in the
 * contract's JSON shape, rather than by the aggregator's own bare 413. Not API.
 */
public final class BoundedBodyAggregator extends HttpObjectAggregator {

    public BoundedBodyAggregator(int maxContentLength) {
        super(maxContentLength);
    }

    @Override
    protected void handleOversizedMessage(ChannelHandlerContext ctx, HttpMessage oversized) {
        // The aggregator discards the rest of this body itself; the router closes after the 413.
        ctx.fireChannelRead(OversizedRequest.INSTANCE);
    }
}
