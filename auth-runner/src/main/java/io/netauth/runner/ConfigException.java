package io.netauth.runner;

/** A configuration value that stops the start; the message names the key and what was expected. */
final class ConfigException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public ConfigException(String message) {
        super(message);
    }
}
