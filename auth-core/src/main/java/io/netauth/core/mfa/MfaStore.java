package io.netauth.core.mfa;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Where second factors live: each user's TOTP secret (sealed at rest by the implementation), the last step it
 * accepted, the digests of the recovery codes, and the MFA tokens between a login's two steps. Every single-use
 * rule is one conditional write here, so that two processes cannot both accept a code or a token.
 *
 * <p>Threading: blocking and thread-safe; called only from the server's {@code blockingExecutor}.
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

    /** Stores an MFA token's digest, bound to a user and a purpose, valid until {@code expiresAt}. */
    void createChallenge(String tokenDigest, String userId, Challenge.Purpose purpose, Instant expiresAt);

    /** The unspent challenge of a token digest, or empty. */
    Optional<Challenge> findChallenge(String tokenDigest);

    /** Spends a challenge if it is unspent and unexpired at {@code at}; answers whether this call did. */
    boolean spendChallenge(String tokenDigest, Instant at);

    /**
     * Completes a login's second step in one transaction, both or neither: accepts the code (a TOTP {@code step}
     * later than the last accepted, when {@code recoveryCodeDigest} is null; otherwise that unused recovery code)
     * and spends the challenge, if it is unspent and unexpired at {@code at}.
     */
    Completion completeChallenge(String tokenDigest, String userId, long step, String recoveryCodeDigest, Instant at);

    /** What {@link #completeChallenge} did. */
    enum Completion {
        /** The code was accepted and the challenge spent. */
        COMPLETED,
        /** The code was used already (or its step is not later than the last one accepted): nothing changed. */
        CODE_REFUSED,
        /** The challenge was spent or expired meanwhile: nothing changed. */
        CHALLENGE_SPENT
    }

    /** Deletes challenges that expired before {@code before}; answers how many. */
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
     * An MFA token between a login's steps, or one that lets a user enrol.
     *
     * @param userId    whose password it follows
     * @param purpose   what it allows
     * @param expiresAt when it stops allowing it
     */
    record Challenge(String userId, Purpose purpose, Instant expiresAt) {

        /** What an MFA token allows. */
        public enum Purpose {
            /** The second step of a login. */
            LOGIN,
            /** Enrolling a first factor, then signing in with it. */
            ENROL
        }
    }
}
