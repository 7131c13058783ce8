package io.netauth.server.internal;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.FullHttpRequest;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * {@code GET /openapi.yaml}: the HTTP contract as OpenAPI 3.1, the build's copy of {@code docs/openapi.yaml},
 * read once at start. Not API.
 */
public final class OpenApiEndpoint implements Endpoint {

    public static final String PATH = "/openapi.yaml";
    private static final String RESOURCE = "/io/netauth/server/openapi.yaml";
    private static final String YAML = "application/yaml; charset=utf-8";

    private final byte[] document;

    public OpenApiEndpoint() {
        try (InputStream in = OpenApiEndpoint.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the jar");
            }
            document = in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public CompletionStage<JsonReply> serve(ChannelHandlerContext ctx, FullHttpRequest request) {
        return CompletableFuture.completedFuture(JsonReply.text(YAML, document)
                .withHeaders(Map.of("Cache-Control", "public, max-age=300")));
    }
}
