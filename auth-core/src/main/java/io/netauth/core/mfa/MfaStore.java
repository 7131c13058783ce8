package io.netauth.core.mfa;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Where second factors live: each user's TOTP secret (sealed at rest by the implementation), the last step it
 * accepted, the digests of the recovery codes, and the spent MFA tokens between a login's two steps (a token is
 * sealed and carries its challenge, so that only its spending is stored). Every single-use rule is one
 * conditional write here, so that two processes cannot both accept a code or a token.
 *
 * <p>Threading: thread-safe; blocking where it touches the database (sealing and opening a token do not), and
 * called for that only from the server's {@code blockingExecutor}.
 */
public interface MfaStore {

    /** The user's TOTP factor, confirmed or still waiting for its first code, or empty. */
    Optional<Factor> findTotp(String userId);

    /**
     * Stores a new factor waiting for confirmation, replacing one that waits, if the user has no confirmed
     * factor; answers whether it was stored.
     */
    boolean savePendingTotp(String userId, byte[] secret, Instant at);

    /**
     * Confirms the waiting factor with the step of its first code, and stores the digests of its recovery codes
     * (replacing any), in one transaction; answers false, changing nothing, when no factor waits or the step is
     * not after the last one accepted.
     */
    boolean confirmTotp(String userId, long step, List<String> recoveryCodeDigests, Instant at);

    /**
     * Records that a confirmed factor accepted a code of {@code step}, if it is later than every step accepted
     * before: of two processes given the same code, one wins.
     */
    boolean acceptStep(String userId, long step);

    /** Removes the user's factor and recovery codes; answers whether there was a factor. */
    boolean removeTotp(String userId);

    /** Replaces every recovery code of a user with a confirmed factor; answers false when there is none. */
    boolean replaceRecoveryCodes(String userId, List<String> digests);

    /**
     * Seals a challenge into the MFA token given to the user: the token carries the challenge, so that opening the
     * second step writes nothing and any process with the same keys reads it.
     *
     * @throws IllegalStateException when the store has no key-encryption keys to seal with
     */
    String sealChallenge(Challenge challenge);

    /** The challenge an MFA token carries, or empty when it is not one, was altered or its key was dropped. */
    Optional<Challenge> openChallenge(String mfaToken);

    /**
     * Spends a challenge, if no process spent it before, for the enrolment it allows; answers whether this call
     * did. The caller checks its expiry.
     */
    boolean spendChallenge(Challenge challenge, Instant at);

    /** Whether the challenge of this id was spent (and has not yet been purged after its expiry). */
    boolean challengeSpent(String challengeId);

    /**
     * Completes a login's second step in one transaction, both or neither: accepts the code (a TOTP {@code step}
     * later than the last accepted, when {@code recoveryCodeDigest} is null; otherwise that unused recovery code
     * of the challenge's user) and spends the challenge, if no process spent it before.
     */
    Completion completeChallenge(Challenge challenge, long step, String recoveryCodeDigest, Instant at);

    /** What {@link #completeChallenge} did. */
    enum Completion {
        /** The code was accepted and the challenge spent. */
        COMPLETED,
        /** The code was used already (or its step is not later than the last one accepted): nothing changed. */
        CODE_REFUSED,
        /** The challenge was spent meanwhile: nothing changed. */
        CHALLENGE_SPENT
    }

    /** Forgets spent challenges that expired before {@code before}; answers how many. */
    int purgeChallenges(Instant before);

    /**
     * A TOTP factor.
     *
     * @param secret    the shared secret, opened
     * @param confirmed whether a first code confirmed it, making it a factor of every login
     * @param lastStep  the latest step that a code was accepted for, 0 before any
     */
    record Factor(byte[] secret, boolean confirmed, long lastStep) {
        @Override
        public String toString() {
            return "Factor[confirmed=" + confirmed + ']';
        }
    }

    /**
     * What an MFA token carries between a login's steps, or to let a user enrol.
     *
     * @param id        random, 256 bits: what spending it records, the same however the token is written
     * @param userId    whose password it follows
     * @param purpose   what it allows
     * @param expiresAt when it stops allowing it
     * @param browser   the browser whose sign-in it continues (a digest of its pre-session cookie), so that it
     *                  completes there and nowhere else; empty for the JSON API, which completes it only there
     */
    record Challenge(String id, String userId, Purpose purpose, Instant expiresAt, String browser) {

        public Challenge {
            browser = browser == null ? "" : browser;
        }

        /** A challenge of the JSON API, bound to no browser. */
        public Challenge(String id, String userId, Purpose purpose, Instant expiresAt) {
            this(id, userId, purpose, expiresAt, "");
        }

        /** What an MFA token allows. */
        public enum Purpose {
            /** The second step of a login. */
            LOGIN,
            /** Enrolling a first factor, then signing in with it. */
            ENROL
        }
    }
}
