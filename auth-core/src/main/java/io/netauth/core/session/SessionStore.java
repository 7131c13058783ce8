package io.netauth.core.session;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Where browser sessions live: one row per session, keyed by the SHA-256 of its id. Ending a session is a
 * conditional write that every process sees at its next read, and that the change feed tells their caches.
 *
 * <p>Threading: blocking and thread-safe; called only from the server's {@code blockingExecutor}.
 */
public interface SessionStore {

    /** Stores a new session of {@code userId}, who signed in with {@code amr}, valid until {@code expiresAt}. */
    void create(String idHash, String userId, List<String> amr, Instant createdAt, Instant expiresAt);

    /** The session with this id hash, ended or not, or empty. */
    Optional<StoredSession> find(String idHash);

    /** Records that the session was used at {@code at} (its idle timeout counts from the last such time). */
    void touch(String idHash, Instant at);

    /** Ends one session; answers whether it was live. */
    boolean end(String idHash, Instant at);

    /** Ends every live session of a user; answers how many. */
    int endAllOf(String userId, Instant at);

    /** Deletes sessions that expired or ended before {@code before}; answers how many. */
    int purge(Instant before);

    /**
     * A stored session.
     *
     * @param userId     whose it is
     * @param amr        how the user signed in (RFC 8176)
     * @param createdAt  the sign-in: {@code auth_time}
     * @param lastSeenAt the last recorded use
     * @param expiresAt  the absolute end
     * @param endedAt    when it was ended (a logout, a password change), or {@code null}
     */
    record StoredSession(String userId, List<String> amr, Instant createdAt, Instant lastSeenAt, Instant expiresAt,
            Instant endedAt) {

        public StoredSession {
            amr = List.copyOf(amr);
        }
    }
}
