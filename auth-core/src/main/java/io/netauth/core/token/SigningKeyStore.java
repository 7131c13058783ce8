package io.netauth.core.token;

import java.util.List;

/**
 * Where signing keys live, so that every server process sharing the store signs and verifies with the same
 * set. Blocking and thread-safe; called at start and on rotation, never per request.
 */
public interface SigningKeyStore {

    /** Keys of one algorithm, newest first (ties broken by kid, so every process picks the same one). */
    List<SigningKey> findByAlgorithm(SigningAlgorithm algorithm);

    /** Every key of every algorithm, newest first. */
    List<SigningKey> findAll();

    /** Stores a new key. */
    void insert(SigningKey key);

    /** Sets {@code retireAt} on every key of the algorithm except {@code keepKid} that has none yet. */
    int retireAllBut(SigningAlgorithm algorithm, String keepKid, java.time.Instant retireAt);

    /**
     * The moment from which access tokens are explicitly typed ({@code typ: at+jwt}): recorded as {@code now} by
     * the first process that asks, and answered unchanged to every later one, on every process sharing the store.
     * An untyped access token is honoured only if issued before it, and only for one {@code token-ttl} after it.
     * A store that cannot record it answers {@code now}: each start then opens that short window again, for
     * untyped tokens issued before the start.
     */
    default java.time.Instant typedAccessTokensSince(java.time.Instant now) {
        return now;
    }
}
