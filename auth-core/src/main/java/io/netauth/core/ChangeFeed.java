package io.netauth.core;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How a process learns what other processes changed: {@link #poll()} reads the changes recorded since its last
 * read and hands each to the handler of its kind. The first poll reads every change that has not expired, so
 * a process that starts late still refuses tokens revoked before it started.
 *
 * <p>A read goes back {@link #LOOKBACK} before the previous one: a transaction that took its row's time before
 * a read and committed after it is still seen, and the handlers are idempotent, so reading a row twice is
 * harmless. Blocking (it reads the store); call {@link #poll()} from one background thread.
 */
public final class ChangeFeed {

    /** How far each read reaches back before the previous one; more than a commit can take. */
    public static final Duration LOOKBACK = Duration.ofSeconds(30);
    private static final Logger log = LoggerFactory.getLogger(ChangeFeed.class);

    private final ChangeStore store;
    private final Clock clock;
    private final Map<String, Consumer<Change>> handlers = new ConcurrentHashMap<>();
    private Instant readUpTo = Instant.EPOCH;

    public ChangeFeed(ChangeStore store, Clock clock) {
        this.store = Objects.requireNonNull(store, "store");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Routes the changes of one kind to a handler; a later call for the same kind adds one, run after. */
    public ChangeFeed on(String kind, Consumer<Change> handler) {
        handlers.merge(kind, handler, Consumer::andThen);
        return this;
    }

    /** Records a change for every process (this one included, at its next poll) and hands it to this one's handler now. */
    public void publish(Change change) {
        store.append(change);
        Consumer<Change> handler = handlers.get(change.kind());
        if (handler != null) {
            handler.accept(change);
        }
    }

    /** Reads and applies what changed since the last poll; answers how many changes were read. */
    public synchronized int poll() {
        Instant now = clock.instant();
        Instant since = readUpTo.equals(Instant.EPOCH) ? Instant.EPOCH : readUpTo.minus(LOOKBACK);
        List<Change> changes = store.readSince(since, now);
        for (Change change : changes) {
            Consumer<Change> handler = handlers.get(change.kind());
            if (handler == null) {
                continue;
            }
            try {
                handler.accept(change);
            } catch (RuntimeException e) {
                log.warn("Applying a {} change failed; it is read again at the next poll: {}", change.kind(),
                        e.toString());
                return changes.size();
            }
        }
        readUpTo = now;
        return changes.size();
    }

    /** Deletes the changes that no longer matter. */
    public int purgeExpired() {
        return store.purge(clock.instant());
    }
}
