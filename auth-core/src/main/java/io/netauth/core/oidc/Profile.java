package io.netauth.core.oidc;

import java.time.Instant;

/**
 * A user's account with what the {@code email} and {@code profile} scopes add to it, read in one query.
 *
 * @param account       the account: id, username, roles, whether enabled
 * @param email         the address, or {@code null} when none is set
 * @param emailVerified whether an administrator marked it verified
 * @param updatedAt     when the account last changed
 */
public record Profile(io.netauth.core.UserAccount account, String email, boolean emailVerified,
        Instant updatedAt) {
}
