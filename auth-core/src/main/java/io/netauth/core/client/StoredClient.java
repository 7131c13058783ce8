package io.netauth.core.client;

import java.time.Instant;

/**
 * A client as the store holds it: the client and the SHA-256 digests of its secrets.
 *
 * @param client                  the client
 * @param secretHash              digest of the current secret, or {@code null} for a {@code private_key_jwt} client
 * @param previousSecretHash      digest of the secret before the last rotation, or {@code null}
 * @param previousSecretExpiresAt until when the previous secret still works, or {@code null}
 */
public record StoredClient(OAuthClient client, String secretHash, String previousSecretHash,
        Instant previousSecretExpiresAt) {

    @Override
    public String toString() {
        return "StoredClient[" + client.id() + ']';
    }
}
