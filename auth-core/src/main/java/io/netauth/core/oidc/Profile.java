package io.netauth.core.oidc;

import java.time.Instant;

/**
 * What the {@code email} and {@code profile} scopes add to a user's account.
 *
 * @param email         the address, or {@code null} when none is set
 * @param emailVerified whether an administrator marked it verified
 * @param updatedAt     when the account last changed
 */
public record Profile(String email, boolean emailVerified, Instant updatedAt) {
}
