package io.netauth.server.internal;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.FullHttpRequest;
import java.util.concurrent.CompletionStage;

/**
 * Answers one route. Called on the connection's event loop and must not block there: blocking or slow work
 * leaves through the executors the endpoint was built with. The request is released by the caller when this
 * method returns, so read what is needed from it before. Implementations are thread-safe. Not API.
 */
public interface Endpoint {

    /** The reply, or a failure that {@link ErrorMapper} turns into one. */
    CompletionStage<JsonReply> serve(ChannelHandlerContext ctx, FullHttpRequest request);
}
