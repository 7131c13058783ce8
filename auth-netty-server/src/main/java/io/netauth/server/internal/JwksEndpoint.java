package io.netauth.server.internal;

import io.netauth.core.token.JwtTokens;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.FullHttpRequest;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * {@code GET /.well-known/jwks.json}: the public keys that verify tokens, in JWK form (RFC 7517). Empty
 * {@code keys} for HS256. Verifiers may cache it for {@code max-age}: a rotated key is published at once,
 * and an old key stays listed long after the last token it signed expired. Not API.
 */
public final class JwksEndpoint implements Endpoint {

    private final JwtTokens tokens;
    private final Map<String, String> cacheHeaders;

    public JwksEndpoint(JwtTokens tokens, int maxAgeSeconds) {
        this.tokens = tokens;
        this.cacheHeaders = Map.of("Cache-Control", "public, max-age=" + maxAgeSeconds);
    }

    @Override
    public CompletionStage<JsonReply> serve(ChannelHandlerContext ctx, FullHttpRequest request) {
        List<Map<String, String>> keys = tokens.publicJwks();
        return CompletableFuture.completedFuture(JsonReply.ok(json -> {
            json.writeStartObject();
            json.writeArrayFieldStart("keys");
            for (Map<String, String> jwk : keys) {
                json.writeStartObject();
                for (Map.Entry<String, String> member : jwk.entrySet()) {
                    json.writeStringField(member.getKey(), member.getValue());
                }
                json.writeEndObject();
            }
            json.writeEndArray();
            json.writeEndObject();
        }).withHeaders(cacheHeaders));
    }
}
