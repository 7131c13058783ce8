package io.netauth.core;

import java.security.SecureRandom;
import java.util.Base64;

/**
 * Hashes and checks passwords. Encoded hashes are self-describing strings (PHC format, or bcrypt's
 * modular-crypt form), so one store can hold hashes of several algorithms and parameters at once.
 *
 * <p>Threading: thread-safe; every method except {@link #needsRehash} is deliberately slow CPU work and
 * must run on a bounded CPU pool (the server's {@code hashingExecutor}), never on an event loop.
 */
public interface PasswordHasher {

    /** Hashes a password with the current policy and a fresh random salt. */
    String hash(String password);

    /**
     * Checks a password against an encoded hash in constant time with respect to the password.
     *
     * @throws IllegalArgumentException if the encoded hash is malformed or of an unsupported algorithm
     */
    boolean verify(String password, String encodedHash);

    /** Whether a verified hash is weaker than today's policy and should be replaced on a successful login. */
    boolean needsRehash(String encodedHash);

    /**
     * An encoded hash under today's policy that no password matches, and that costs as much to check as a
     * real one. The login checks an unknown user's password against it, so that its answer takes as long as
     * for a known user. This default hashes a random password; an implementation may make one without
     * hashing, which keeps a slow hash off the server's start.
     */
    default String unmatchableHash() {
        byte[] random = new byte[24];
        new SecureRandom().nextBytes(random);
        return hash(Base64.getEncoder().encodeToString(random));
    }
}
