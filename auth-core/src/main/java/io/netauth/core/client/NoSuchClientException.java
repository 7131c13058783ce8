package io.netauth.core.client;

import io.netauth.core.AuthException;

/** The client named by an administrative call does not exist. */
public final class NoSuchClientException extends AuthException {

    private static final long serialVersionUID = 1L;

    public NoSuchClientException(String name) {
        super("No client named '" + name + "'.");
    }
}
