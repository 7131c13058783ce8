package io.netauth.server.testing;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The application behind a proxy in tests as a real WSGI server: Python's {@code wsgiref} (standard library,
 * Debian's python3), run as a process from {@code wsgi_upstream.py}. It folds request headers into
 * {@code HTTP_*} environ keys as WSGI, CGI and PHP do, so {@code X_Auth_Roles} and {@code X-Auth-Roles} land in
 * the same {@code HTTP_X_AUTH_ROLES}, and answers with what it saw as JSON: {@code environ} (its
 * {@code HTTP_X_AUTH_*} keys) and {@code headers} (each header line whose folded name starts with
 * {@code x-auth-}, as it arrived). Skipped like the proxies where python3 is missing.
 */
public final class WsgiUpstream implements AutoCloseable {

    private static final Path PYTHON = Path.of("/usr/bin/python3");

    private final ProxyProcess process;
    private final int port;

    private WsgiUpstream(ProxyProcess process, int port) {
        this.process = process;
        this.port = port;
    }

    /** Starts the server in {@code dir} (its script and log are written there) and waits until it listens. */
    public static WsgiUpstream start(Path dir) throws Exception {
        ProxyProcess.requireInstalled(PYTHON, "python3");
        Path script = dir.resolve("wsgi_upstream.py");
        try (InputStream in = WsgiUpstream.class.getResourceAsStream("wsgi_upstream.py")) {
            if (in == null) {
                throw new IOException("wsgi_upstream.py is not on the test class path");
            }
            Files.copy(in, script);
        }
        int port = ProxyProcess.freePort();
        return new WsgiUpstream(ProxyProcess.start(List.of(PYTHON.toString(), script.toString(),
                Integer.toString(port)), dir.resolve("wsgi.out"), port), port);
    }

    public int port() {
        return port;
    }

    @Override
    public void close() throws InterruptedException {
        process.close();
    }
}
