package io.netauth.server.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The router alone in an {@link EmbeddedChannel}: requests in, {@link FullHttpResponse}s out. */
class RouterTest {

    private final InFlightRequests inFlight = new InFlightRequests();
    private final CompletableFuture<JsonReply> later = new CompletableFuture<>();
    private final Endpoint ping = (ctx, request) -> CompletableFuture.completedFuture(JsonReply.ok(json -> {
        json.writeStartObject();
        json.writeStringField("pong", request.uri());
        json.writeEndObject();
    }));
    private final Endpoint refusing = (ctx, request) -> {
        throw new ApiException(ApiError.INVALID_REQUEST, "refused while decoding");
    };
    private final EmbeddedChannel channel = new EmbeddedChannel(new Router(new RouteTable(Map.of(
            "/ping", Map.of(HttpMethod.GET, ping),
            "/refuse", Map.of(HttpMethod.POST, refusing),
            "/later", Map.of(HttpMethod.GET, (ctx, request) -> later)),
            Map.of("/admin", ping)), new ReplyWriter(inFlight, null)));

    @AfterEach
    void nothingIsLeftBehind() {
        assertEquals(0, inFlight.count(), "every request finished");
        assertFalse(channel.finishAndReleaseAll(), "no message left unread or unreleased");
    }

    private FullHttpResponse send(FullHttpRequest request) {
        channel.writeInbound(request);
        channel.runPendingTasks();
        assertEquals(0, request.refCnt(), "the router releases every request");
        return channel.readOutbound();
    }

    private static FullHttpRequest request(HttpMethod method, String uri) {
        return new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, method, uri, Unpooled.buffer(0));
    }

    private static String body(FullHttpResponse response) {
        try {
            return response.content().toString(StandardCharsets.UTF_8);
        } finally {
            response.release();
        }
    }

    @Test
    void aPathAndMethodReachTheirEndpointAndGetAlsoAnswersHead() {
        FullHttpResponse ok = send(request(HttpMethod.GET, "/ping?x=1#frag"));
        assertEquals(200, ok.status().code());
        assertEquals("{\"pong\":\"/ping?x=1#frag\"}", body(ok));
        FullHttpResponse head = send(request(HttpMethod.HEAD, "/ping"));
        assertEquals(200, head.status().code());
        head.release();
    }

    @Test
    void anotherMethodIs405WithAllowAndAnUnknownPathIs404() {
        FullHttpResponse wrongMethod = send(request(HttpMethod.DELETE, "/ping"));
        assertEquals(405, wrongMethod.status().code());
        assertEquals("GET, HEAD", wrongMethod.headers().get("Allow"));
        assertTrue(body(wrongMethod).contains("\"method_not_allowed\""));
        FullHttpResponse unknown = send(request(HttpMethod.GET, "/pingx"));
        assertEquals(404, unknown.status().code());
        assertTrue(body(unknown).contains("\"not_found\""));
    }

    @Test
    void aPrefixAnswersEveryPathBelowItButNotItsLookAlikes() {
        assertTrue(body(send(request(HttpMethod.PUT, "/admin/users/x"))).contains("/admin/users/x"));
        assertTrue(body(send(request(HttpMethod.GET, "/admin"))).contains("\"pong\""));
        FullHttpResponse lookAlike = send(request(HttpMethod.GET, "/administrator"));
        assertEquals(404, lookAlike.status().code());
        lookAlike.release();
    }

    @Test
    void aRefusalWhileDecodingIsAnsweredByTheErrorMapper() {
        FullHttpResponse refused = send(request(HttpMethod.POST, "/refuse"));
        assertEquals(400, refused.status().code());
        assertTrue(body(refused).contains("refused while decoding"));
        assertTrue(channel.isOpen(), "a refused request keeps the connection");
    }

    @Test
    void aReplyFinishedOnAnotherThreadIsWrittenOnTheEventLoop() throws Exception {
        assertEquals(null, send(request(HttpMethod.GET, "/later")), "nothing until the endpoint answers");
        assertEquals(1, inFlight.count());
        Thread other = new Thread(() -> later.complete(JsonReply.noContent()));
        other.start();
        other.join();
        channel.runPendingTasks();
        FullHttpResponse done = channel.readOutbound();
        assertEquals(204, done.status().code());
        done.release();
    }

    @Test
    void undecodableAndOversizedRequestsAreAnsweredAndTheConnectionClosed() {
        FullHttpRequest broken = request(HttpMethod.GET, "/ping");
        broken.setDecoderResult(DecoderResult.failure(new IllegalArgumentException("bad header")));
        FullHttpResponse invalid = send(broken);
        assertEquals(400, invalid.status().code());
        assertTrue(body(invalid).contains("\"invalid_request\""));
        assertFalse(channel.isOpen());
    }

    @Test
    void anOversizedBodyIs413AndCloses() {
        channel.writeInbound(OversizedRequest.INSTANCE);
        FullHttpResponse tooLarge = channel.readOutbound();
        assertEquals(413, tooLarge.status().code());
        assertEquals("close", tooLarge.headers().get("Connection"));
        tooLarge.release();
        assertFalse(channel.isOpen());
    }
}
