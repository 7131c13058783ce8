package io.netauth.server.testing;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/** The application behind a proxy in tests: answers 200 with the identity headers it was given, and its path. */
public final class EchoUpstream implements AutoCloseable {

    private final HttpServer server;

    private EchoUpstream(HttpServer server) {
        this.server = server;
    }

    public static EchoUpstream start() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            String seen = "path=" + exchange.getRequestURI()
                    + " subject=" + exchange.getRequestHeaders().getFirst("X-Auth-Subject")
                    + " username=" + exchange.getRequestHeaders().getFirst("X-Auth-Username")
                    + " roles=" + exchange.getRequestHeaders().getFirst("X-Auth-Roles")
                    + " amr=" + exchange.getRequestHeaders().getFirst("X-Auth-AMR");
            byte[] body = seen.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        return new EchoUpstream(server);
    }

    public int port() {
        return server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
