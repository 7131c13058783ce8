package io.netauth.core;

import java.time.Instant;
import java.util.Objects;

/**
 * One row of the change feed: something every process must learn of.
 *
 * @param kind       what changed, one of the constants here
 * @param subject    what it changed: a token's {@code jti}, a key's {@code kid}
 * @param recordedAt when it was recorded
 * @param expiresAt  when the row stops mattering and may be purged (a revoked token's {@code exp})
 */
public record Change(String kind, String subject, Instant recordedAt, Instant expiresAt) {

    /** An access token revoked before its {@code exp}; the subject is its {@code jti}. */
    public static final String TOKEN_REVOKED = "token_revoked";
    /** A new signing key became active; the subject is its {@code kid}. */
    public static final String KEY_ROTATED = "key_rotated";
    /** A client was changed, disabled, removed or given a new secret; the subject is its id. */
    public static final String CLIENT_CHANGED = "client_changed";

    public Change {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(recordedAt, "recordedAt");
        Objects.requireNonNull(expiresAt, "expiresAt");
    }
}
