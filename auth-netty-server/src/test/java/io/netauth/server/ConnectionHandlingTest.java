package io.netauth.server;

import static io.netauth.server.testing.RunningServer.loginBody;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netauth.server.testing.RawHttp;
import io.netauth.server.testing.RunningServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Keep-alive, pipelining and requests the HTTP codec cannot take, over a raw socket. */
class ConnectionHandlingTest {

    private static RunningServer server;

    @BeforeAll
    static void start() {
        server = RunningServer.start();
        server.addUser("alice", "correct horse");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void keepAliveServesSeveralRequestsOnOneConnection() throws Exception {
        try (RawHttp http = new RawHttp(server.port())) {
            for (int i = 0; i < 3; i++) {
                RawHttp.Response r = http.write(RawHttp.post("/auth", "application/json",
                        loginBody("alice", "correct horse"))).read();
                assertEquals(200, r.status(), r.body());
            }
            assertFalse(http.closedWithin(300));
        }
    }

    @Test
    void pipelinedResponsesKeepRequestOrder() throws Exception {
        // A slow login first, then two instant answers: the instant ones must still come after it.
        String pipelined = RawHttp.post("/auth", "application/json", loginBody("alice", "correct horse"))
                + "GET /missing HTTP/1.1\r\nHost: x\r\n\r\n"
                + RawHttp.post("/auth", "application/json", loginBody("alice", "wrong"))
                + RawHttp.post("/auth", "text/plain", "x");
        try (RawHttp http = new RawHttp(server.port())) {
            http.write(pipelined);
            assertEquals(200, http.read().status());
            assertEquals(404, http.read().status());
            assertEquals(401, http.read().status());
            assertEquals(415, http.read().status());
        }
    }

    @Test
    void manyPipelinedRequestsAreAllAnsweredInOrder() throws Exception {
        StringBuilder many = new StringBuilder();
        for (int i = 0; i < 40; i++) {
            many.append(i % 2 == 0 ? "GET /a" + i + " HTTP/1.1\r\nHost: x\r\n\r\n"
                    : RawHttp.post("/auth", "application/json", loginBody("alice", "wrong" + i)));
        }
        try (RawHttp http = new RawHttp(server.port())) {
            http.write(many.toString());
            for (int i = 0; i < 40; i++) {
                assertEquals(i % 2 == 0 ? 404 : 401, http.read().status(), "response " + i);
            }
        }
    }

    @Test
    void connectionCloseIsHonoured() throws Exception {
        try (RawHttp http = new RawHttp(server.port())) {
            RawHttp.Response r = http.write("GET /x HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").read();
            assertEquals(404, r.status());
            assertEquals("close", r.header("connection"));
            assertTrue(http.closedByServer());
        }
    }

    @Test
    void http10WithoutKeepAliveIsClosedAfterTheResponse() throws Exception {
        try (RawHttp http = new RawHttp(server.port())) {
            assertEquals(404, http.write("GET /x HTTP/1.0\r\n\r\n").read().status());
            assertTrue(http.closedByServer());
        }
    }

    @Test
    void garbageInsteadOfHttpIsABadRequestAndCloses() throws Exception {
        try (RawHttp http = new RawHttp(server.port())) {
            RawHttp.Response r = http.write("\u0001\u0002 hello there\r\n\r\n").read();
            assertEquals(400, r.status());
            assertTrue(r.body().contains("\"invalid_request\""), r.body());
            assertTrue(http.closedByServer());
        }
    }

    @Test
    void overlongRequestLineIsUriTooLong() throws Exception {
        try (RawHttp http = new RawHttp(server.port())) {
            RawHttp.Response r = http.write("GET /" + "a".repeat(5000) + " HTTP/1.1\r\nHost: x\r\n\r\n").read();
            assertEquals(414, r.status());
            assertTrue(r.body().contains("\"uri_too_long\""), r.body());
            assertTrue(http.closedByServer());
        }
    }

    @Test
    void oversizedHeadersAreRefused() throws Exception {
        try (RawHttp http = new RawHttp(server.port())) {
            RawHttp.Response r = http.write("GET /x HTTP/1.1\r\nHost: x\r\nX-Big: " + "b".repeat(9000)
                    + "\r\n\r\n").read();
            assertEquals(431, r.status());
            assertTrue(r.body().contains("\"headers_too_large\""), r.body());
            assertTrue(http.closedByServer());
        }
    }

    @Test
    void declaredOversizedBodyIsRefusedBeforeItIsSent() throws Exception {
        try (RawHttp http = new RawHttp(server.port())) {
            RawHttp.Response r = http.write("POST /auth HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                    + "Content-Length: 100000\r\n\r\n").read();
            assertEquals(413, r.status());
            assertTrue(r.body().contains("\"payload_too_large\""), r.body());
            assertTrue(http.closedByServer());
        }
    }

    @Test
    void expectContinueForAnOversizedBodyGetsTheJson413() throws Exception {
        try (RawHttp http = new RawHttp(server.port())) {
            RawHttp.Response r = http.write("POST /auth HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                    + "Expect: 100-continue\r\nContent-Length: 100000\r\n\r\n").read();
            assertEquals(413, r.status());
            assertTrue(r.body().contains("\"payload_too_large\""), r.body());
        }
    }

    @Test
    void expectContinueForAnAcceptableBodyGetsContinueThenTheAnswer() throws Exception {
        String body = loginBody("alice", "correct horse");
        try (RawHttp http = new RawHttp(server.port())) {
            RawHttp.Response interim = http.write("POST /auth HTTP/1.1\r\nHost: x\r\n"
                    + "Content-Type: application/json\r\nExpect: 100-continue\r\nContent-Length: " + body.length()
                    + "\r\n\r\n").read();
            assertEquals(100, interim.status());
            assertEquals(200, http.write(body).read().status());
        }
    }

    @Test
    void unknownExpectationsAreIgnored() throws Exception {
        String body = loginBody("alice", "correct horse");
        try (RawHttp http = new RawHttp(server.port())) {
            RawHttp.Response r = http.write("POST /auth HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                    + "Expect: something-else\r\nContent-Length: " + body.length() + "\r\n\r\n" + body).read();
            assertEquals(200, r.status(), r.body());
        }
    }

    @Test
    void chunkedBodiesAreAggregated() throws Exception {
        String body = loginBody("alice", "correct horse");
        String chunked = "POST /auth HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                + "Transfer-Encoding: chunked\r\n\r\n"
                + Integer.toHexString(10) + "\r\n" + body.substring(0, 10) + "\r\n"
                + Integer.toHexString(body.length() - 10) + "\r\n" + body.substring(10) + "\r\n0\r\n\r\n";
        try (RawHttp http = new RawHttp(server.port())) {
            assertEquals(200, http.write(chunked).read().status());
        }
    }

    @Test
    void contentLengthWithTransferEncodingIsRefusedNotSmuggled() throws Exception {
        String smuggle = "POST /auth HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                + "Content-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "0\r\n\r\nGET /smuggled HTTP/1.1\r\nHost: x\r\n\r\n";
        try (RawHttp http = new RawHttp(server.port())) {
            RawHttp.Response first = http.write(smuggle).read();
            assertEquals(400, first.status(), first.body());
            assertTrue(http.closedByServer());
        }
    }

    @Test
    void duplicateContentLengthIsRefused() throws Exception {
        try (RawHttp http = new RawHttp(server.port())) {
            RawHttp.Response r = http.write("POST /auth HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                    + "Content-Length: 2\r\nContent-Length: 40\r\n\r\n{}").read();
            assertEquals(400, r.status(), r.body());
            assertTrue(http.closedByServer());
        }
    }
}
