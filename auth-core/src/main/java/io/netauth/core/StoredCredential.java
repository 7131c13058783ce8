package io.netauth.core;

import java.util.Objects;

/**
 * What a {@link CredentialStore} answers for a login: the account and its encoded password hash.
 *
 * @param account      the account
 * @param passwordHash the encoded hash (PHC string or a bcrypt modular-crypt string)
 * @param secondFactor whether the account has a confirmed second factor, which every login must then use
 */
public record StoredCredential(UserAccount account, String passwordHash, boolean secondFactor) {

    public StoredCredential {
        Objects.requireNonNull(account, "account");
        Objects.requireNonNull(passwordHash, "passwordHash");
    }

    /** An account without a second factor, as a store that keeps none answers. */
    public StoredCredential(UserAccount account, String passwordHash) {
        this(account, passwordHash, false);
    }

    @Override
    public String toString() {
        // Never print the hash: logs are read by more people than the database is.
        return "StoredCredential[account=" + account + ", secondFactor=" + secondFactor + ']';
    }
}
