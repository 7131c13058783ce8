package io.netauth.server.internal;

import io.netauth.server.AuthServerConfig;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.group.ChannelGroup;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpServerKeepAliveHandler;
import io.netty.handler.timeout.IdleStateHandler;
import io.netauth.server.ServerSettings;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The whole per-connection pipeline, in order, with every limit that applies to a request:
 * <ol>
 *   <li>{@code connections}: at most {@code maxConnections} open at once; one more gets a 503 and is closed;</li>
 *   <li>{@code tls}: with TLS configured, TLS 1.3 or 1.2 with the current certificate;</li>
 *   <li>{@code idle}: a connection without reads or writes for {@code idleTimeout} is closed;</li>
 *   <li>{@code deadline}: a request must arrive whole within {@code requestTimeout} of its first byte, or it
 *       gets a 408 and the connection is closed (a slowloris dripping headers is cut off);</li>
 *   <li>{@code http}: HTTP/1.1 codec; request line at most {@code maxInitialLineLength} bytes, headers at
 *       most {@code maxHeaderSize} bytes, strict about {@code Content-Length} and {@code Transfer-Encoding};</li>
 *   <li>{@code hsts}: with TLS, {@code Strict-Transport-Security} on every response ({@code hsts-max-age});</li>
 *   <li>{@code rules}: the request rules of RFC 9112 the codec does not enforce ({@code Host}); a refused
 *       request is answered 400 and nothing after it on the connection is read;</li>
 *   <li>{@code keep-alive}: closes after a response when the request asked for it;</li>
 *   <li>{@code aggregator}: whole bodies of at most {@code maxContentLength} bytes;</li>
 *   <li>{@code request-complete}: stops the deadline's clock;</li>
 *   <li>{@code sequencer}: one request at a time per connection, so pipelined responses keep their order;
 *       at most {@code maxPipelinedRequests} held before reading pauses;</li>
 *   <li>{@code router}: method and path to endpoint; writes the reply on this event loop.</li>
 * </ol>
 * Not API.
 */
public final class AuthServerInitializer extends ChannelInitializer<Channel> {

    private final AuthServerConfig config;
    private final Router router;
    private final ChannelGroup connections;
    private final ConnectionLimiter limiter;
    private final TlsContexts tls;
    private final StrictTransportSecurity hsts;

    /** @param tls the TLS context of the port, or {@code null} for plain HTTP */
    public AuthServerInitializer(AuthServerConfig config, Router router, ChannelGroup connections, TlsContexts tls) {
        this.config = config;
        this.router = router;
        this.connections = connections;
        this.limiter = new ConnectionLimiter(config.maxConnections());
        this.tls = tls;
        Duration maxAge = config.get(ServerSettings.HSTS_MAX_AGE);
        this.hsts = tls == null || maxAge.isZero() ? null
                : new StrictTransportSecurity(maxAge, config.get(ServerSettings.HSTS_INCLUDE_SUBDOMAINS));
    }

    @Override
    protected void initChannel(Channel ch) {
        connections.add(ch);
        HttpDecoderConfig decoder = new HttpDecoderConfig()
                .setMaxInitialLineLength(config.maxInitialLineLength())
                .setMaxHeaderSize(config.maxHeaderSize())
                .setMaxChunkSize(config.maxContentLength())
                .setValidateHeaders(true);
        RequestDeadline deadline = new RequestDeadline(config.requestTimeout());
        ChannelPipeline p = ch.pipeline();
        p.addLast("connections", limiter);
        if (tls != null) {
            // The context of the moment: a reloaded certificate applies from the next connection on.
            p.addLast("tls", tls.current().newHandler(ch.alloc()));
        }
        p.addLast("idle", new IdleStateHandler(0, 0, config.idleTimeout().toMillis(), TimeUnit.MILLISECONDS));
        p.addLast("deadline", deadline.bytesIn());
        p.addLast("http", new HttpServerCodec(decoder));
        if (hsts != null) {
            p.addLast("hsts", hsts);
        }
        p.addLast("rules", new RequestMessageRules());
        p.addLast("keep-alive", new HttpServerKeepAliveHandler());
        p.addLast("aggregator", new BoundedBodyAggregator(config.maxContentLength()));
        p.addLast("request-complete", deadline.requestComplete());
        p.addLast("sequencer", new PipelinedRequestSequencer(config.maxPipelinedRequests()));
        p.addLast("router", router);
    }
}
