package io.netauth.server.testing;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * A real reverse proxy (nginx, Caddy) run by a test from Debian's package, in the foreground, with its output in
 * a file. Where the binary is missing the test is skipped with a message, unless {@code CI} is set (CI installs
 * it), in which case it fails.
 */
public final class ProxyProcess implements AutoCloseable {

    private final Process process;
    private final Path log;

    private ProxyProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    /** Skips (or, on CI, fails) the calling test when {@code binary} is not installed. */
    public static void requireInstalled(Path binary, String debianPackage) {
        if (!Files.isExecutable(binary)) {
            String message = binary + " is not installed (Debian: apt-get install " + debianPackage + ")";
            if (System.getenv("CI") != null) {
                fail(message + "; CI is set, so this test must run");
            }
            Assumptions.abort(message + "; skipping");
        }
    }

    /** Starts {@code command} and waits until it listens on {@code port}. */
    public static ProxyProcess start(List<String> command, Path log, int port) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        ProxyProcess proxy = new ProxyProcess(process, log);
        for (int i = 0; i < 200; i++) {
            try (Socket ignored = new Socket("127.0.0.1", port)) {
                return proxy;
            } catch (IOException notYet) {
                if (!process.isAlive()) {
                    fail(command.get(0) + " exited: " + Files.readString(log));
                }
                Thread.sleep(50);
            }
        }
        proxy.close();
        fail(command.get(0) + " did not listen on " + port + ": " + Files.readString(log));
        return proxy;
    }

    /** A port free on 127.0.0.1 a moment ago. */
    public static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
            return socket.getLocalPort();
        }
    }

    public String output() throws IOException {
        return Files.readString(log);
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
