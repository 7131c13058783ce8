package io.netauth.server;

/** The server could not start, most often because its port is taken; the message says which address. */
public final class ServerStartException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public ServerStartException(String message, Throwable cause) {
        super(message, cause);
    }
}
