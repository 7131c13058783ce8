package io.netauth.core;

import java.time.Instant;
import java.util.Objects;

/**
 * One row of the change feed: something every process must learn of.
 *
 * @param kind       what changed, one of the constants here
 * @param subject    what it changed: a token's {@code jti}, a key's {@code kid}, a user's or a client's id
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
    /**
     * Every access token of a user issued before {@code recordedAt} is refused (the user was disabled, deleted or
     * lost a role); the subject is the user's id, the {@code sub} of its tokens.
     */
    public static final String USER_TOKENS_REVOKED = "user_tokens_revoked";
    /**
     * Every access token carrying a client's {@code client_id} issued before {@code recordedAt} plus one
     * {@code revocation-sync-interval} is refused (the client was disabled or removed; a process that cached it may
     * authenticate it that much longer); the subject is the client's id.
     */
    public static final String CLIENT_TOKENS_REVOKED = "client_tokens_revoked";
    /** An account changed (its roles, its enabled flag, its password) or was deleted; the subject is its id. */
    public static final String ACCOUNT_CHANGED = "account_changed";

    public Change {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(recordedAt, "recordedAt");
        Objects.requireNonNull(expiresAt, "expiresAt");
    }
}
