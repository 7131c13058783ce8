package io.netauth.server.internal;

import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.FullHttpResponse;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.LoggerFactory;

/**
 * Writes each reply on its connection's event loop, whichever thread finished it; maps a failure to its answer
 * through {@link ErrorMapper}; counts the request in flight from {@link #begin} to the end of its write (for a
 * graceful close) and records it in the metrics; closes the connection when the reply says so. Thread-safe.
 * Not API.
 */
public final class ReplyWriter {

    private static final RepeatedErrors repeated = new RepeatedErrors(LoggerFactory.getLogger(ReplyWriter.class));

    private final InFlightRequests inFlight;
    private final ServerMetrics metrics;

    /** @param metrics where each answered request is recorded, or {@code null} */
    public ReplyWriter(InFlightRequests inFlight, ServerMetrics metrics) {
        this.inFlight = inFlight;
        this.metrics = metrics;
    }

    /** A request starts: it is in flight until its answer is written. */
    Exchange begin(String route, String method) {
        inFlight.started();
        return new Exchange(route, method, System.nanoTime());
    }

    /** Writes the reply when it is ready; a failed stage is answered as {@link ErrorMapper} says. */
    void send(ChannelHandlerContext ctx, Exchange exchange, CompletionStage<JsonReply> reply) {
        reply.whenComplete((ok, failure) -> {
            JsonReply answer = failure == null ? ok : ErrorMapper.toReply(failure);
            if (ctx.executor().inEventLoop()) {
                send(ctx, exchange, answer);
                return;
            }
            try {
                ctx.executor().execute(() -> send(ctx, exchange, answer));
            } catch (RejectedExecutionException e) {
                inFlight.finished(); // the event loop is shutting down; the connection goes with it
            }
        });
    }

    /** Writes a reply now; call on the connection's event loop. */
    void send(ChannelHandlerContext ctx, Exchange exchange, JsonReply reply) {
        FullHttpResponse response;
        try {
            response = ResponseWriter.toResponse(reply, ctx.alloc());
        } catch (RuntimeException e) {
            repeated.error("Failed to write a response body", e);
            response = ResponseWriter.toResponse(ErrorMapper.toReply(new IllegalStateException(e)), ctx.alloc());
        }
        int status = response.status().code();
        ctx.writeAndFlush(response).addListener((ChannelFutureListener) f -> {
            inFlight.finished();
            if (metrics != null) {
                metrics.request(exchange.route, exchange.method, status, System.nanoTime() - exchange.started);
            }
            if (reply.close() || !f.isSuccess()) {
                f.channel().close();
            }
        });
    }

    /** One request between {@link #begin} and its write: what it is recorded as, and since when. */
    record Exchange(String route, String method, long started) {
    }
}
