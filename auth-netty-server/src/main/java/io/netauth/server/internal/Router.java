package io.netauth.server.internal;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.PrematureChannelClosureException;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpMethod;
import java.io.IOException;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends each request to the endpoint of its path and method, and hands what the endpoint answers to the
 * {@link ReplyWriter}. Answers 404 and 405 itself; a request the codec could not decode, or whose body was
 * too large, goes to the writer with its {@link ErrorMapper} answer. Stateless, so one instance serves every
 * connection. Not API.
 */
@ChannelHandler.Sharable
public final class Router extends ChannelInboundHandlerAdapter {

    private static final Logger log = LoggerFactory.getLogger(Router.class);
    /** What a request is recorded as when its path or method is none of ours, so clients cannot mint labels. */
    private static final String OTHER = "other";
    private static final Set<String> KNOWN_METHODS = Set.of("GET", "HEAD", "POST", "PUT", "DELETE", "OPTIONS",
            "PATCH");

    private final RouteTable routes;
    private final ReplyWriter writer;

    public Router(RouteTable routes, ReplyWriter writer) {
        this.routes = routes;
        this.writer = writer;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg == OversizedRequest.INSTANCE) {
            writer.send(ctx, writer.begin(OTHER, "POST"), ErrorMapper.oversized());
            return;
        }
        if (!(msg instanceof FullHttpRequest request)) {
            ctx.fireChannelRead(msg);
            return;
        }
        try {
            String path = RequestTargets.pathOf(request.uri());
            RouteTable.Route route = routes.find(path);
            ReplyWriter.Exchange exchange = writer.begin(route == null ? OTHER : route.label(),
                    KNOWN_METHODS.contains(request.method().name()) ? request.method().name() : OTHER);
            if (request.decoderResult().isFailure()) {
                writer.send(ctx, exchange, ErrorMapper.malformed(request.decoderResult().cause()));
                return;
            }
            writer.send(ctx, exchange, dispatch(ctx, request, route));
        } finally {
            request.release();
        }
    }

    /** The endpoint's answer; a refusal thrown while decoding becomes a failed stage, answered like any other. */
    private static CompletionStage<JsonReply> dispatch(ChannelHandlerContext ctx, FullHttpRequest request,
            RouteTable.Route route) {
        try {
            if (route == null) {
                throw new ApiException(ApiError.NOT_FOUND, "No resource at this path.");
            }
            if (route.prefix() != null) {
                return route.prefix().serve(ctx, request); // it answers its own 404 and 405
            }
            HttpMethod method = request.method();
            Endpoint endpoint = route.byMethod().get(method);
            if (endpoint == null && HttpMethod.HEAD.equals(method)) {
                endpoint = route.byMethod().get(HttpMethod.GET);
            }
            if (endpoint == null) {
                throw new ApiException(ApiError.METHOD_NOT_ALLOWED, "This path does not accept " + method.name()
                        + '.', Map.of("Allow", allowed(route.byMethod())));
            }
            return endpoint.serve(ctx, request);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    private static String allowed(Map<HttpMethod, Endpoint> byMethod) {
        TreeSet<String> names = new TreeSet<>();
        for (HttpMethod m : byMethod.keySet()) {
            names.add(m.name());
            if (HttpMethod.GET.equals(m)) {
                names.add(HttpMethod.HEAD.name());
            }
        }
        return String.join(", ", names);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof IOException || cause instanceof PrematureChannelClosureException) {
            // The peer went away, mid-request or not: nothing to answer and nothing wrong with the server.
            log.debug("Connection {} failed: {}", ctx.channel().remoteAddress(), cause.toString());
        } else {
            log.warn("Unexpected failure on connection {}", ctx.channel().remoteAddress(), cause);
        }
        ctx.close();
    }
}
