package io.netauth.core;

import java.util.Objects;

/**
 * What a {@link CredentialStore} answers for a login: the account and its encoded password hash.
 *
 * @param account      the account
 * @param passwordHash the encoded hash (PHC string or a bcrypt modular-crypt string)
 */
public record StoredCredential(UserAccount account, String passwordHash) {

    public StoredCredential {
        Objects.requireNonNull(account, "account");
        Objects.requireNonNull(passwordHash, "passwordHash");
    }

    @Override
    public String toString() {
        // Never print the hash: logs are read by more people than the database is.
        return "StoredCredential[account=" + account + ']';
    }
}
