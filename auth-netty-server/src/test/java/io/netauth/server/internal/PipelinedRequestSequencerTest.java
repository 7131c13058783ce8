package io.netauth.server.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The sequencer alone: one request through at a time, the rest held in order, reading paused when full. */
class PipelinedRequestSequencerTest {

    private final List<FullHttpRequest> passed = new ArrayList<>();
    private final EmbeddedChannel channel = new EmbeddedChannel(new PipelinedRequestSequencer(4),
            new ChannelInboundHandlerAdapter() {
                @Override
                public void channelRead(ChannelHandlerContext ctx, Object msg) {
                    passed.add((FullHttpRequest) msg);
                }
            });

    private static FullHttpRequest request(String uri) {
        return new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, uri, Unpooled.buffer(0));
    }

    private void answer() {
        channel.writeOutbound(new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK));
        FullHttpResponse written = channel.readOutbound();
        written.release();
    }

    @Test
    void requestsPassOneAtATimeInTheOrderTheyCame() {
        channel.writeInbound(request("/1"), request("/2"), request("/3"));
        assertEquals(List.of("/1"), uris());
        answer();
        assertEquals(List.of("/1", "/2"), uris());
        answer();
        answer();
        assertEquals(List.of("/1", "/2", "/3"), uris());
        passed.forEach(FullHttpRequest::release);
        assertFalse(channel.finishAndReleaseAll());
    }

    @Test
    void readingPausesWhenTheQueueIsFullAndResumesAsItDrains() {
        List<FullHttpRequest> sent = new ArrayList<>();
        for (int i = 0; i <= 4; i++) {
            sent.add(request("/" + i));
            channel.writeInbound(sent.get(i));
        }
        assertFalse(channel.config().isAutoRead(), "four held: stop reading the socket");
        answer();
        answer();
        assertTrue(channel.config().isAutoRead(), "half drained: read again");
        assertEquals(List.of("/0", "/1", "/2"), uris());
        passed.forEach(FullHttpRequest::release);
        assertFalse(channel.finishAndReleaseAll());
        assertEquals(0, sent.get(3).refCnt() + sent.get(4).refCnt(), "the two still held go with the channel");
    }

    @Test
    void heldRequestsAreReleasedWhenTheConnectionCloses() {
        FullHttpRequest held = request("/held");
        channel.writeInbound(request("/first"), held);
        channel.close();
        assertEquals(0, held.refCnt());
        passed.forEach(FullHttpRequest::release);
        assertFalse(channel.finishAndReleaseAll());
    }

    private List<String> uris() {
        return passed.stream().map(FullHttpRequest::uri).toList();
    }
}
