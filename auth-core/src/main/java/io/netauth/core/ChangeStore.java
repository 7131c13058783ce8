package io.netauth.core;

import java.time.Instant;
import java.util.List;

/**
 * The append-only change feed shared by the processes on one database. Threading: blocking and thread-safe;
 * called from a background thread or the {@code blockingExecutor}.
 */
public interface ChangeStore {

    /** Records a change durably before it returns. */
    void append(Change change);

    /** The changes recorded at or after {@code since} that have not expired at {@code now}, oldest first. */
    List<Change> readSince(Instant since, Instant now);

    /** Deletes the changes that expired before {@code before}; answers how many. */
    int purge(Instant before);
}
