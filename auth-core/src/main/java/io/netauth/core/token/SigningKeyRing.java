package io.netauth.core.token;

import com.auth0.jwt.algorithms.Algorithm;
import io.netauth.core.internal.KeyMaterial;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * The keys of one algorithm as this process sees them: the active key that signs (the newest key without a
 * retirement time) and every key that still verifies. An immutable snapshot swapped whole by
 * {@link #reload()}, so readers never lock. {@link #load} and {@link #reload} block on the store; the rest
 * is thread-safe and never blocks.
 */
final class SigningKeyRing {

    private final SigningKeyStore store;
    private final SigningAlgorithm algorithm;
    private final Clock clock;
    private volatile Snapshot snapshot;

    private SigningKeyRing(SigningKeyStore store, SigningAlgorithm algorithm, Clock clock) {
        this.store = store;
        this.algorithm = algorithm;
        this.clock = clock;
    }

    /**
     * Loads the keys of the algorithm, storing a first one if there is none: {@code firstKey}'s (made ahead of
     * time) when it is given, else a fresh one. Blocks.
     */
    static SigningKeyRing load(SigningKeyStore store, SigningAlgorithm algorithm, Clock clock,
            Supplier<SigningKey> firstKey) {
        SigningKeyRing ring = new SigningKeyRing(Objects.requireNonNull(store, "store"),
                Objects.requireNonNull(algorithm, "algorithm"), Objects.requireNonNull(clock, "clock"));
        if (activeOf(store.findByAlgorithm(algorithm)) == null) {
            // Two processes starting at once on an empty database may both insert; both then read back and
            // pick the same newest key, and the other one keeps verifying.
            store.insert(firstKey != null ? firstKey.get()
                    : KeyMaterial.generate(algorithm, clock.instant(), new SecureRandom()));
        }
        ring.reload();
        return ring;
    }

    /** Reads the keys again, picking up a rotation made by another process; answers whether the active key changed. */
    boolean reload() {
        List<SigningKey> keys = store.findByAlgorithm(algorithm);
        SigningKey active = activeOf(keys);
        if (active == null) {
            throw new IllegalStateException("no active " + algorithm + " signing key: every key is retired");
        }
        Instant now = clock.instant();
        List<SigningKey> published = new ArrayList<>();
        for (SigningKey key : keys) {
            if (key.verifiesAt(now)) {
                published.add(key);
            }
        }
        Snapshot previous = snapshot;
        snapshot = new Snapshot(new Signer(active, KeyMaterial.signingAlgorithm(active)), List.copyOf(published));
        return previous == null || !previous.active.key.kid().equals(active.kid());
    }

    /**
     * Makes a new active key and schedules the retirement of the others at {@code retireAt}: they keep
     * verifying until then, so tokens they signed stay valid until they expire. Blocks.
     */
    SigningKey rotate(Instant retireAt) {
        SigningKey fresh = KeyMaterial.generate(algorithm, clock.instant(), new SecureRandom());
        store.insert(fresh);
        store.retireAllBut(algorithm, fresh.kid(), retireAt);
        reload();
        return fresh;
    }

    SigningAlgorithm algorithm() {
        return algorithm;
    }

    /** The key that signs new tokens. */
    SigningKey activeKey() {
        return snapshot.active.key;
    }

    /** The active key with its java-jwt algorithm, read together. */
    Signer signer() {
        return snapshot.active;
    }

    /** A key and the java-jwt algorithm made from it. */
    record Signer(SigningKey key, Algorithm algorithm) {
    }

    /**
     * Keys that still verify, newest first: what the JWKS publishes. The same list instance until the next
     * {@link #reload()}, so callers can tell a change by identity.
     */
    List<SigningKey> verificationKeys() {
        return snapshot.published;
    }

    private static SigningKey activeOf(List<SigningKey> newestFirst) {
        for (SigningKey key : newestFirst) {
            if (key.retireAt() == null) {
                return key;
            }
        }
        return null;
    }

    private record Snapshot(Signer active, List<SigningKey> published) {
    }
}
