package io.netauth.server.internal;

import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import java.io.IOException;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends each request to the endpoint of its method and path, and writes the reply back on the connection's
 * event loop. Answers 404 and 405 itself, and the 400/413/414/431 of requests the codec could not take.
 * Stateless, so one instance serves every connection. Not API.
 */
@ChannelHandler.Sharable
public final class Router extends ChannelInboundHandlerAdapter {

    private static final Logger log = LoggerFactory.getLogger(Router.class);

    private final Map<String, Map<HttpMethod, Endpoint>> routes;
    private final InFlightRequests inFlight;
    private final ServerMetrics metrics;
    private final Map<String, Endpoint> prefixes;

    /**
     * @param routes  path to method to endpoint; a GET endpoint also answers HEAD
     * @param metrics where each answered request is recorded, or {@code null}
     */
    public Router(Map<String, Map<HttpMethod, Endpoint>> routes, InFlightRequests inFlight, ServerMetrics metrics) {
        this(routes, Map.of(), inFlight, metrics);
    }

    /** @param prefixes a path prefix and the endpoint that answers every path below it, whatever the method */
    public Router(Map<String, Map<HttpMethod, Endpoint>> routes, Map<String, Endpoint> prefixes,
            InFlightRequests inFlight, ServerMetrics metrics) {
        this.routes = Map.copyOf(routes);
        this.prefixes = Map.copyOf(prefixes);
        this.inFlight = inFlight;
        this.metrics = metrics;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        inFlight.started();
        long started = System.nanoTime();
        if (msg == OversizedRequest.INSTANCE) {
            write(ctx, JsonReply.error(ApiError.PAYLOAD_TOO_LARGE, "The body is larger than this server accepts.",
                    Map.of()).closing(), new Recorded(OTHER, "POST", started));
            return;
        }
        if (!(msg instanceof FullHttpRequest request)) {
            inFlight.finished();
            ctx.fireChannelRead(msg);
            return;
        }
        String path = pathOf(request.uri());
        Recorded recorded = new Recorded(routeLabel(path), methodLabel(request.method()), started);
        try {
            DecoderResult decoded = request.decoderResult();
            if (decoded.isFailure()) {
                write(ctx, malformed(decoded.cause()).closing(), recorded);
                return;
            }
            CompletionStage<JsonReply> reply = dispatch(ctx, request, path);
            reply.whenComplete((ok, failure) -> writeOnEventLoop(ctx, ok, failure, recorded));
        } catch (RuntimeException e) {
            write(ctx, ErrorMapper.toReply(e), recorded);
        } finally {
            request.release();
        }
    }

    private CompletionStage<JsonReply> dispatch(ChannelHandlerContext ctx, FullHttpRequest request, String path) {
        Map<HttpMethod, Endpoint> byMethod = routes.get(path);
        if (byMethod == null) {
            for (Map.Entry<String, Endpoint> prefix : prefixes.entrySet()) {
                if (path.equals(prefix.getKey()) || path.startsWith(prefix.getKey() + '/')) {
                    return prefix.getValue().serve(ctx, request); // it answers its own 404 and 405
                }
            }
            throw new ApiException(ApiError.NOT_FOUND, "No resource at this path.");
        }
        HttpMethod method = request.method();
        Endpoint endpoint = byMethod.get(method);
        if (endpoint == null && HttpMethod.HEAD.equals(method)) {
            endpoint = byMethod.get(HttpMethod.GET);
        }
        if (endpoint == null) {
            throw new ApiException(ApiError.METHOD_NOT_ALLOWED, "This path does not accept " + method.name() + '.',
                    Map.of("Allow", allowed(byMethod)));
        }
        return endpoint.serve(ctx, request);
    }

    private void writeOnEventLoop(ChannelHandlerContext ctx, JsonReply reply, Throwable failure, Recorded recorded) {
        JsonReply answer = failure == null ? reply : ErrorMapper.toReply(failure);
        if (ctx.executor().inEventLoop()) {
            write(ctx, answer, recorded);
            return;
        }
        try {
            ctx.executor().execute(() -> write(ctx, answer, recorded));
        } catch (RejectedExecutionException e) {
            inFlight.finished();
        }
    }

    private void write(ChannelHandlerContext ctx, JsonReply reply, Recorded recorded) {
        FullHttpResponse response;
        try {
            response = ResponseWriter.toResponse(reply, ctx.alloc());
        } catch (RuntimeException e) {
            log.error("Failed to write a response body", e);
            response = ResponseWriter.toResponse(ErrorMapper.toReply(new IllegalStateException(e)), ctx.alloc());
        }
        int status = response.status().code();
        ctx.writeAndFlush(response).addListener((ChannelFutureListener) f -> {
            inFlight.finished();
            if (metrics != null) {
                metrics.request(recorded.route, recorded.method, status, System.nanoTime() - recorded.started);
            }
            if (reply.close() || !f.isSuccess()) {
                f.channel().close();
            }
        });
    }

    private static JsonReply malformed(Throwable cause) {
        if (cause instanceof TooLongHttpLineException) {
            return JsonReply.error(ApiError.URI_TOO_LONG, "The request line is longer than this server accepts.",
                    Map.of());
        }
        if (cause instanceof TooLongHttpHeaderException) {
            return JsonReply.error(ApiError.HEADERS_TOO_LARGE, "The headers are larger than this server accepts.",
                    Map.of());
        }
        if (cause instanceof TooLongFrameException) {
            return JsonReply.error(ApiError.PAYLOAD_TOO_LARGE, "A chunk is larger than this server accepts.",
                    Map.of());
        }
        return JsonReply.error(ApiError.INVALID_REQUEST, "The request is not valid HTTP/1.1.", Map.of());
    }

    /** What a request is recorded as: a known path, or {@code other} (so clients cannot mint label values). */
    private record Recorded(String route, String method, long started) {
    }

    private static final String OTHER = "other";
    private static final java.util.Set<String> KNOWN_METHODS = java.util.Set.of("GET", "HEAD", "POST", "PUT",
            "DELETE", "OPTIONS", "PATCH");

    private String routeLabel(String path) {
        if (routes.containsKey(path)) {
            return path;
        }
        for (String prefix : prefixes.keySet()) {
            if (path.equals(prefix) || path.startsWith(prefix + '/')) {
                return prefix;
            }
        }
        return OTHER;
    }

    private static String methodLabel(HttpMethod method) {
        return KNOWN_METHODS.contains(method.name()) ? method.name() : OTHER;
    }

    static String pathOf(String uri) {
        int query = uri.indexOf('?');
        String path = query < 0 ? uri : uri.substring(0, query);
        int fragment = path.indexOf('#');
        return fragment < 0 ? path : path.substring(0, fragment);
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
        if (cause instanceof IOException) {
            log.debug("Connection {} failed: {}", ctx.channel().remoteAddress(), cause.toString());
        } else {
            log.warn("Unexpected failure on connection {}", ctx.channel().remoteAddress(), cause);
        }
        ctx.close();
    }
}
