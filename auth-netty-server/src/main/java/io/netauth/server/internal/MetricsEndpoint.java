package io.netauth.server.internal;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.FullHttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.security.MessageDigest;
import io.netty.handler.codec.http.HttpHeaderNames;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * {@code GET /metrics}: every meter in the Prometheus text format. On the management port it answers anyone who
 * reaches that port (loopback by default); on the main port only a scraper that presents {@code metrics-token} as
 * a bearer token (compared in constant time), since the counters give a credential-stuffing attacker live
 * feedback. Not API.
 */
public final class MetricsEndpoint implements Endpoint {

    private static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

    private final PrometheusMeterRegistry registry;
    private final byte[] token;

    /** @param token the bearer token a scrape must present, or {@code null} for none (the management port) */
    public MetricsEndpoint(PrometheusMeterRegistry registry, String token) {
        this.registry = registry;
        this.token = token == null ? null : ("Bearer " + token).getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public CompletionStage<JsonReply> serve(ChannelHandlerContext ctx, FullHttpRequest request) {
        if (token != null) {
            String presented = request.headers().get(HttpHeaderNames.AUTHORIZATION, "");
            if (!MessageDigest.isEqual(token, presented.getBytes(StandardCharsets.UTF_8))) {
                throw new ApiException(ApiError.INVALID_TOKEN, "/metrics needs the metrics token.",
                        Map.of("WWW-Authenticate", "Bearer error=\"invalid_token\""));
            }
        }
        return CompletableFuture.completedFuture(
                JsonReply.text(PROMETHEUS_TEXT, registry.scrape().getBytes(StandardCharsets.UTF_8)));
    }
}
