package io.netauth.core.config;

/**
 * A setting's value is refused. The message names the key, the value as given and what is accepted, such as
 * {@code token-ttl: '2d' (expected: 1s to 24h)}, so that it can be shown to a person as it is.
 */
public final class InvalidSettingException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final String key;

    InvalidSettingException(Setting<?> setting, String given) {
        this(setting.key(), given, setting.expected());
    }

    /** A value refused in relation to another setting, such as a maximum below its minimum. */
    public InvalidSettingException(String key, String given, String expected) {
        super(key + ": '" + given + "' (expected: " + expected + ')');
        this.key = key;
    }

    /** The key the person got wrong. */
    public String key() {
        return key;
    }
}
