package io.netauth.core;

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
}
