package io.netauth.server.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The request deadline alone, on the channel's own clock: {@code bytesIn} where the codec would be, then a
 * stand-in for the aggregator's output, then {@code requestComplete}.
 */
class RequestDeadlineTest {

    private final RequestDeadline deadline = new RequestDeadline(Duration.ofSeconds(2));
    private final EmbeddedChannel channel = new EmbeddedChannel(deadline.bytesIn(),
            new ChannelInboundHandlerAdapter() { // stands for the codec and aggregator: bytes in, whole requests out
                @Override
                public void channelRead(ChannelHandlerContext ctx, Object msg) {
                    ByteBuf bytes = (ByteBuf) msg;
                    boolean whole = bytes.toString(StandardCharsets.US_ASCII).endsWith("\r\n\r\n");
                    ReferenceCountUtil.release(msg);
                    if (whole) {
                        ctx.fireChannelRead(new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, "/"));
                    }
                }
            }, deadline.requestComplete());

    RequestDeadlineTest() {
        // The embedded clock also runs in real time unless frozen: a pause between the first bytes and the
        // 1999 ms step would otherwise fire the deadline early.
        channel.freezeTime();
    }

    private static ByteBuf bytes(String text) {
        return Unpooled.copiedBuffer(text, StandardCharsets.US_ASCII);
    }

    @Test
    void aRequestStillArrivingAtTheDeadlineGets408AndTheConnectionCloses() {
        channel.writeInbound(bytes("GET / HTTP/1.1\r\nHo"));
        channel.advanceTimeBy(1999, TimeUnit.MILLISECONDS);
        channel.runScheduledPendingTasks();
        assertNull(channel.readOutbound(), "not yet");
        channel.advanceTimeBy(1, TimeUnit.MILLISECONDS);
        channel.runScheduledPendingTasks();
        ByteBuf answer = channel.readOutbound();
        assertTrue(answer.toString(StandardCharsets.US_ASCII).startsWith("HTTP/1.1 408 "));
        answer.release();
        assertFalse(channel.isOpen());
        assertFalse(channel.finishAndReleaseAll());
    }

    @Test
    void aWholeRequestStopsTheClock() {
        channel.writeInbound(bytes("GET / HTTP/1.1\r\nHost: x\r\n\r\n"));
        DefaultFullHttpRequest request = channel.readInbound();
        request.release();
        channel.advanceTimeBy(10, TimeUnit.SECONDS);
        channel.runScheduledPendingTasks();
        assertNull(channel.readOutbound());
        assertTrue(channel.isOpen());
        assertFalse(channel.finishAndReleaseAll());
    }

    @Test
    void anIdleConnectionIsClosed() {
        channel.pipeline().fireUserEventTriggered(IdleStateEvent.ALL_IDLE_STATE_EVENT);
        assertFalse(channel.isOpen());
        assertEquals(0, channel.outboundMessages().size());
        assertFalse(channel.finishAndReleaseAll());
    }
}
