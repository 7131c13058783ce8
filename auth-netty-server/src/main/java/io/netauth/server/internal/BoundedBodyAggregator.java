package io.netauth.server.internal;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpUtil;

/**
 * Netty's aggregator with a body limit whose breach is answered by the router, in request order and in the
 * contract's JSON shape, rather than by the aggregator's own bare 413. Not API.
 */
public final class BoundedBodyAggregator extends HttpObjectAggregator {

    public BoundedBodyAggregator(int maxContentLength) {
        super(maxContentLength);
    }

    @Override
    protected Object newContinueResponse(HttpMessage start, int maxContentLength, ChannelPipeline pipeline) {
        if (HttpUtil.is100ContinueExpected(start) && !isContentLengthInvalid(start, maxContentLength)) {
            return super.newContinueResponse(start, maxContentLength, pipeline); // 100 Continue
        }
        // Netty would answer a bare 413 or 417 here, outside the contract. Instead an oversized body gets the
        // router's JSON 413, and any other expectation is ignored, as RFC 9110 allows.
        start.headers().remove(HttpHeaderNames.EXPECT);
        return null;
    }

    @Override
    protected void handleOversizedMessage(ChannelHandlerContext ctx, HttpMessage oversized) {
        // The aggregator discards the rest of this body itself; the router closes after the 413.
        ctx.fireChannelRead(OversizedRequest.INSTANCE);
    }
}
