package io.netauth.core;

import java.time.Instant;
import java.util.Objects;

/**
 * A signed access token and when it stops being valid.
 *
 * @param value     the compact JWT
 * @param issuedAt  the {@code iat} claim
 * @param expiresAt the {@code exp} claim
 */
public record IssuedToken(String value, Instant issuedAt, Instant expiresAt) {

    public IssuedToken {
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(issuedAt, "issuedAt");
        Objects.requireNonNull(expiresAt, "expiresAt");
    }

    /** Whole seconds from issue to expiry, as OAuth's {@code expires_in}. */
    public long expiresInSeconds() {
        return expiresAt.getEpochSecond() - issuedAt.getEpochSecond();
    }

    @Override
    public String toString() {
        return "IssuedToken[expiresAt=" + expiresAt + ']';
    }
}
