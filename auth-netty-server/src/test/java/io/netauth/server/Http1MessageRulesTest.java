package io.netauth.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netauth.server.testing.RawHttp;
import io.netauth.server.testing.RunningServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The rules RFC 9112 (HTTP/1.1) and RFC 9110 (HTTP semantics) set for a server receiving a request, each tested
 * at the socket level and named after its section; docs/http-conformance.md lists them. A request refused for
 * its framing gets 400 {@code invalid_request}, the connection is closed, and nothing sent behind it on the same
 * connection is processed.
 */
class Http1MessageRulesTest {

    private static RunningServer server;

    @BeforeAll
    static void start() {
        server = RunningServer.start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /** Sends raw bytes and then a well-formed request behind them; the refusal must be the only answer. */
    private static void assertRefusedAndClosed(String raw) throws Exception {
        try (RawHttp http = new RawHttp(server.port())) {
            RawHttp.Response refused = http.write(raw + "GET /health/live HTTP/1.1\r\nHost: x\r\n\r\n").read();
            assertEquals(400, refused.status(), raw + " -> " + refused.body());
            assertTrue(refused.body().contains("\"invalid_request\""), refused.body());
            assertEquals("close", refused.header("Connection"), "the refusal says it closes");
            assertTrue(http.closedByServer(), "closed, and the request behind it was not answered");
        }
    }

    private static RawHttp.Response answer(String raw) throws Exception {
        try (RawHttp http = new RawHttp(server.port())) {
            return http.write(raw).read();
        }
    }

    @Test
    void hostMissingInHttp11Is400_rfc9112_3_2() throws Exception {
        assertRefusedAndClosed("GET /health/live HTTP/1.1\r\n\r\n");
    }

    @Test
    void moreThanOneHostIs400_rfc9112_3_2() throws Exception {
        assertRefusedAndClosed("GET /health/live HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n");
        assertRefusedAndClosed("GET /health/live HTTP/1.1\r\nHost: a, b\r\n\r\n");
    }

    @ParameterizedTest
    @ValueSource(strings = {"a b", "user@host", "host/path", "[::1", "host:port", "host:99999", "ex\"ample"})
    void anInvalidHostIs400_rfc9112_3_2(String host) throws Exception {
        assertRefusedAndClosed("GET /health/live HTTP/1.1\r\nHost: " + host + "\r\n\r\n");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "localhost", "localhost:8080", "127.0.0.1:1", "[::1]:8443", "auth.example.com"})
    void aValidHostIsServed_rfc9112_3_2(String host) throws Exception {
        assertEquals(200, answer("GET /health/live HTTP/1.1\r\nHost: " + host + "\r\n\r\n").status(), host);
    }

    @Test
    void http10NeedsNoHost_rfc9112_3_2() throws Exception {
        assertEquals(200, answer("GET /health/live HTTP/1.0\r\n\r\n").status());
    }

    @Test
    void theAbsoluteFormIsAccepted_rfc9112_3_2_2() throws Exception {
        assertEquals(200, answer("GET http://auth.example.com/health/live HTTP/1.1\r\nHost: auth.example.com\r\n\r\n")
                .status());
        assertEquals(200, answer("GET http://auth.example.com:8080/health/live?x=1 HTTP/1.1\r\nHost: other\r\n\r\n")
                .status(), "the target's authority wins over Host");
    }

    @Test
    void whitespaceBetweenAFieldNameAndItsColonIs400_rfc9112_5_1() throws Exception {
        assertRefusedAndClosed("GET /health/live HTTP/1.1\r\nHost : x\r\n\r\n");
        assertRefusedAndClosed("GET /health/live HTTP/1.1\r\nHost: x\r\nX-A\t: y\r\n\r\n");
    }

    @Test
    void aFieldLineWithoutAColonIs400_rfc9112_5() throws Exception {
        assertRefusedAndClosed("GET /health/live HTTP/1.1\r\nHost: x\r\nNoColonHere\r\n\r\n");
    }

    /**
     * Section 5.2 lets a server either refuse an obs-fold with 400 or replace it with spaces; the codec replaces
     * it. What must never happen is that the folded line is read as a field of its own: here it would be a second
     * Host, and the request would be refused for that.
     */
    @Test
    void anObsoleteLineFoldingIsReplacedWithSpaces_rfc9112_5_2() throws Exception {
        assertEquals(200, answer("GET /health/live HTTP/1.1\r\nHost: x\r\nX-A: one\r\n Host: y\r\n\r\n").status());
    }

    @Test
    void whitespaceBeforeTheFirstFieldLineIsRejected_rfc9112_2_2() throws Exception {
        assertRefusedAndClosed("GET /health/live HTTP/1.1\r\n Host: x\r\n\r\n");
    }

    @Test
    void aBareCarriageReturnIsRejected_rfc9112_2_2() throws Exception {
        assertRefusedAndClosed("GET /health/live HTTP/1.1\r\nHost: x\r\nX-A: a\rb\r\n\r\n");
    }

    @Test
    void aNulInAFieldValueIsRejected_rfc9110_5_5() throws Exception {
        assertRefusedAndClosed("GET /health/live HTTP/1.1\r\nHost: x\r\nX-A: a\u0000b\r\n\r\n");
    }

    @Test
    void aTransferCodingThatDoesNotEndInChunkedIs400AndCloses_rfc9112_6_1() throws Exception {
        assertRefusedAndClosed("POST /auth HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                + "Transfer-Encoding: gzip\r\n\r\n");
        assertRefusedAndClosed("POST /auth HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                + "Transfer-Encoding: chunked, gzip\r\n\r\n");
    }

    @Test
    void transferEncodingInHttp10IsFaultyFraming_rfc9112_6_1() throws Exception {
        assertRefusedAndClosed("POST /auth HTTP/1.0\r\nContent-Type: application/json\r\n"
                + "Transfer-Encoding: chunked\r\nContent-Length: 2\r\n\r\n{}");
    }

    @Test
    void contentLengthBesideTransferEncodingIsRefusedAndCloses_rfc9112_6_1() throws Exception {
        assertRefusedAndClosed("POST /auth HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                + "Content-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n");
    }

    @ParameterizedTest
    @ValueSource(strings = {"abc", "-1", "+2", "1, 2", "2 2", "0x2", ""})
    void anInvalidContentLengthIs400AndCloses_rfc9112_6_3(String length) throws Exception {
        assertRefusedAndClosed("POST /auth HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                + "Content-Length: " + length + "\r\n\r\n{}");
    }

    @Test
    void differingContentLengthsAre400AndClose_rfc9112_6_3() throws Exception {
        assertRefusedAndClosed("POST /auth HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                + "Content-Length: 2\r\nContent-Length: 3\r\n\r\n{}");
    }

    @Test
    void aMalformedChunkIs400AndCloses_rfc9112_7_1() throws Exception {
        assertRefusedAndClosed("POST /auth HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                + "Transfer-Encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n");
    }

    @Test
    void aRequestLineWithoutAVersionIs400AndCloses_rfc9112_3() throws Exception {
        assertRefusedAndClosed("GET /health/live\r\nHost: x\r\n\r\n");
        assertRefusedAndClosed("GET /health/live HTTP/1.1 extra\r\nHost: x\r\n\r\n");
    }

    /** Section 3 lets a recipient split the request line on any run of whitespace; the codec does. */
    @Test
    void extraSpacesInTheRequestLineAreRead_rfc9112_3() throws Exception {
        assertEquals(200, answer("GET  /health/live  HTTP/1.1\r\nHost: x\r\n\r\n").status());
    }

    @ParameterizedTest
    @ValueSource(strings = {"HTTP/2.0", "HTTP/3.0", "HTTP/1.1.1", "HTTQ/1.1"})
    void anotherVersionIsRefused_rfc9112_2_3(String version) throws Exception {
        assertRefusedAndClosed("GET /health/live " + version + "\r\nHost: x\r\n\r\n");
    }

    @Test
    void methodsAreCaseSensitive_rfc9110_9_1() throws Exception {
        RawHttp.Response lower = answer("get /health/live HTTP/1.1\r\nHost: x\r\n\r\n");
        assertEquals(405, lower.status(), "'get' is not GET");
    }

    @Test
    void everyAnswerCarriesADate_rfc9110_6_6_1() throws Exception {
        for (String raw : new String[] {"GET /health/live HTTP/1.1\r\nHost: x\r\n\r\n",
            "GET /nowhere HTTP/1.1\r\nHost: x\r\n\r\n", "GET /health/live HTTP/1.1\r\n\r\n"}) {
            String date = answer(raw).header("Date");
            assertTrue(date != null && date.matches("[A-Z][a-z]{2}, \\d{2} [A-Z][a-z]{2} \\d{4} \\d{2}:\\d{2}:\\d{2} GMT"),
                    raw + " -> " + date);
        }
    }

    @Test
    void aHeadAnswerHasTheGetHeadersAndNoContent_rfc9110_9_3_2() throws Exception {
        try (RawHttp http = new RawHttp(server.port())) {
            http.write("HEAD /health/live HTTP/1.1\r\nHost: x\r\n\r\n");
            RawHttp.Response head = http.readHeadOnly();
            assertEquals(200, head.status());
            assertTrue(Integer.parseInt(head.header("Content-Length")) > 0, "the length GET would have");
            assertFalse(http.hasBytesWithin(300), "and no content after the head");
        }
    }

    @Test
    void aNoContentAnswerHasNoContentLength_rfc9110_8_6() throws Exception {
        RawHttp.Response logout = answer(RawHttp.post("/auth/logout", "application/json",
                "{\"refresh_token\":\"" + "x".repeat(43) + "\"}"));
        assertEquals(204, logout.status());
        assertNull(logout.header("Content-Length"));
    }

    @Test
    void connectionCloseEndsTheConnectionAfterTheAnswer_rfc9112_9_6() throws Exception {
        try (RawHttp http = new RawHttp(server.port())) {
            assertEquals(200, http.write("GET /health/live HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
                    .read().status());
            assertTrue(http.closedByServer());
        }
    }
}
