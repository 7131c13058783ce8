package io.netauth.core.internal;

import java.security.MessageDigest;
import java.security.SecureRandom;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

/**
 * Argon2id (RFC 9106) through BouncyCastle, encoded as {@code $argon2id$v=19$m=..,t=..,p=..$salt$hash}.
 * BouncyCastle was measured fastest of the pure-Java candidates; see the README's hashing section.
 */
public final class Argon2id implements HashAlgorithm {

    public static final String PREFIX = "$argon2id$";
    private static final int VERSION = Argon2Parameters.ARGON2_VERSION_13;
    private static final int SALT_BYTES = 16;
    private static final int HASH_BYTES = 32;
    /** Refuse stored parameters that would let one bad row cost gigabytes or minutes per login. */
    private static final int MAX_MEMORY_KIB = 1 << 21;
    private static final int MAX_ITERATIONS = 64;
    private static final int MAX_PARALLELISM = 16;
    private static final Argon2Memory MEMORY = new Argon2Memory(Runtime.getRuntime().availableProcessors());

    @Override
    public boolean recognizes(String encodedHash) {
        return encodedHash.startsWith(PREFIX);
    }

    public static String hash(byte[] password, int memoryKib, int iterations, int parallelism, SecureRandom random) {
        byte[] salt = new byte[SALT_BYTES];
        random.nextBytes(salt);
        byte[] hash = compute(password, salt, memoryKib, iterations, parallelism, HASH_BYTES);
        return encode(memoryKib, iterations, parallelism, salt, hash);
    }

    /**
     * An encoded hash with these parameters whose salt and digest are both random, made without hashing: no
     * password matches it (but with a chance of 2^-256), and checking a password against it computes argon2id
     * with the same parameters, salt and output length as a real hash, so it costs the same.
     */
    public static String unmatchable(int memoryKib, int iterations, int parallelism, SecureRandom random) {
        byte[] salt = new byte[SALT_BYTES];
        byte[] digest = new byte[HASH_BYTES];
        random.nextBytes(salt);
        random.nextBytes(digest);
        return encode(memoryKib, iterations, parallelism, salt, digest);
    }

    private static String encode(int memoryKib, int iterations, int parallelism, byte[] salt, byte[] hash) {
        return PhcString.encode("argon2id",
                "v=" + VERSION + "$m=" + memoryKib + ",t=" + iterations + ",p=" + parallelism, salt, hash);
    }

    @Override
    public boolean verify(byte[] password, String encodedHash) {
        Parsed parsed = parse(encodedHash);
        byte[] actual = compute(password, parsed.phc.salt(), parsed.memoryKib, parsed.iterations,
                parsed.parallelism, parsed.phc.hash().length);
        return MessageDigest.isEqual(actual, parsed.phc.hash());
    }

    @Override
    public void checkFormat(String encodedHash) {
        parse(encodedHash);
    }

    @Override
    public int memoryKib(String encodedHash) {
        return parse(encodedHash).memoryKib;
    }

    /** Whether a hash of this family is weaker than the given policy in any parameter. */
    public static boolean weakerThan(String encodedHash, int memoryKib, int iterations, int parallelism) {
        Parsed parsed = parse(encodedHash);
        return parsed.memoryKib < memoryKib || parsed.iterations < iterations || parsed.parallelism < parallelism
                || parsed.phc.salt().length < SALT_BYTES || parsed.phc.hash().length < HASH_BYTES;
    }

    private static Parsed parse(String encodedHash) {
        PhcString phc = PhcString.parse(encodedHash);
        if (!"argon2id".equals(phc.id())) {
            throw new IllegalArgumentException("not an argon2id hash");
        }
        int version = phc.params().containsKey("v") ? phc.intParam("v") : Argon2Parameters.ARGON2_VERSION_10;
        if (version != VERSION) {
            throw new IllegalArgumentException("unsupported argon2 version " + version);
        }
        int memoryKib = phc.intParam("m");
        int iterations = phc.intParam("t");
        int parallelism = phc.intParam("p");
        if (parallelism < 1 || parallelism > MAX_PARALLELISM || iterations < 1 || iterations > MAX_ITERATIONS
                || memoryKib < 8 * parallelism || memoryKib > MAX_MEMORY_KIB
                || phc.salt().length < 8 || phc.hash().length < 4) {
            throw new IllegalArgumentException("argon2id parameters out of range");
        }
        return new Parsed(phc, memoryKib, iterations, parallelism);
    }

    private static byte[] compute(byte[] password, byte[] salt, int memoryKib, int iterations, int parallelism,
            int length) {
        return compute(password, salt, memoryKib, iterations, parallelism, length, MEMORY);
    }

    static byte[] compute(byte[] password, byte[] salt, int memoryKib, int iterations, int parallelism,
            int length, Argon2Memory memory) {
        Argon2Memory.BlockSet blocks = memory.borrow();
        try {
            Argon2Parameters parameters = new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
                    .withVersion(VERSION)
                    .withMemoryAsKB(memoryKib)
                    .withIterations(iterations)
                    .withParallelism(parallelism)
                    .withSalt(salt)
                    .withBlockPool(blocks)
                    .build();
            Argon2BytesGenerator generator = new Argon2BytesGenerator();
            generator.init(parameters);
            byte[] out = new byte[length];
            generator.generateBytes(password, out);
            return out;
        } finally {
            memory.giveBack(blocks);
        }
    }

    private record Parsed(PhcString phc, int memoryKib, int iterations, int parallelism) {
    }
}
