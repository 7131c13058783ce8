package io.netauth.server.internal;

import io.micrometer.core.instrument.Timer;
import io.netauth.core.PasswordHasher;

/** A {@link PasswordHasher} whose hashes and verifications are timed. Thread-safe as its delegate. Not API. */
public final class TimedPasswordHasher implements PasswordHasher {

    private final PasswordHasher delegate;
    private final Timer timer;

    TimedPasswordHasher(PasswordHasher delegate, Timer timer) {
        this.delegate = delegate;
        this.timer = timer;
    }

    public static PasswordHasher of(PasswordHasher delegate, ServerMetrics metrics) {
        return new TimedPasswordHasher(delegate, metrics.hashTimer());
    }

    @Override
    public String hash(String password) {
        return timer.record(() -> delegate.hash(password));
    }

    @Override
    public boolean verify(String password, String encodedHash) {
        long start = System.nanoTime();
        try {
            return delegate.verify(password, encodedHash);
        } finally {
            timer.record(System.nanoTime() - start, java.util.concurrent.TimeUnit.NANOSECONDS);
        }
    }

    @Override
    public boolean needsRehash(String encodedHash) {
        return delegate.needsRehash(encodedHash);
    }

    /** The delegate's own, untimed: under argon2id nothing is hashed to make it. */
    @Override
    public String unmatchableHash() {
        return delegate.unmatchableHash();
    }

    @Override
    public String toString() {
        return delegate.toString();
    }
}
