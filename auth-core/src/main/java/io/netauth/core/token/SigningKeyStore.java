package io.netauth.core.token;

import java.util.List;

/**
 * Where signing keys live, so that every server process sharing the store signs and verifies with the same
 * set. Blocking and thread-safe; called at start and on rotation, never per request.
 */
public interface SigningKeyStore {

    /** Keys of one algorithm, newest first (ties broken by kid, so every process picks the same one). */
    List<SigningKey> findByAlgorithm(SigningAlgorithm algorithm);

    /** Stores a new key. */
    void insert(SigningKey key);
}
