package io.netauth.core.internal;

/**
 * One family of encoded password hashes. Implementations are stateless and thread-safe.
 * This package is not API and may change without notice.
 */
public interface HashAlgorithm {

    /** Whether this algorithm reads the encoded hash (by its prefix alone; it may still be malformed). */
    boolean recognizes(String encodedHash);

    /**
     * Checks a UTF-8 password against an encoded hash of this family.
     *
     * @throws IllegalArgumentException if the encoded hash is malformed
     */
    boolean verify(byte[] password, String encodedHash);

    /**
     * Checks that the encoded hash is well-formed and in range, without computing anything.
     *
     * @throws IllegalArgumentException naming what is wrong
     */
    void checkFormat(String encodedHash);

    /** The memory one verification of this hash takes, in KiB, where it is large enough to matter (argon2). */
    default int memoryKib(String encodedHash) {
        return 0;
    }
}
