package io.netauth.core;

import io.netauth.core.config.CoreSettings;
import io.netauth.core.config.InvalidSettingException;
import io.netauth.core.config.Settings;
import io.netauth.core.internal.Argon2id;
import io.netauth.core.internal.Bcrypt;
import io.netauth.core.internal.HashAlgorithm;
import io.netauth.core.internal.HashMemoryBudget;
import io.netauth.core.internal.Pbkdf2Sha256;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.List;

/**
 * The default {@link PasswordHasher}: hashes new passwords with one policy (argon2id at OWASP's parameters
 * unless told otherwise) and verifies argon2id, bcrypt and PBKDF2-HMAC-SHA256 hashes, so that users can bring
 * hashes from an existing system and move to the policy on their next login.
 *
 * <p>Passwords are hashed as their UTF-8 bytes, without normalisation, so that imported hashes made by other
 * systems still verify. Immutable and thread-safe.
 */
public final class StandardPasswordHasher implements PasswordHasher {

    private static final Argon2id ARGON2 = new Argon2id();
    private static final List<HashAlgorithm> ALGORITHMS = List.of(ARGON2, new Bcrypt(), new Pbkdf2Sha256());

    private final HashPolicy policy;
    private final int maxMemoryKib;
    private final int maxBcryptCost;
    private final HashMemoryBudget budget;
    private final SecureRandom random = new SecureRandom();

    private StandardPasswordHasher(HashPolicy policy, Settings limits) {
        this.policy = policy;
        this.maxMemoryKib = limits.get(CoreSettings.HASH_MAX_MEMORY_KIB);
        this.maxBcryptCost = limits.get(CoreSettings.HASH_MAX_BCRYPT_COST);
        this.budget = HashMemoryBudget.of(limits.get(CoreSettings.HASH_MEMORY_BUDGET_KIB));
        if (policy instanceof HashPolicy.Argon2idPolicy a && a.memoryKib() > maxMemoryKib) {
            throw new InvalidSettingException(CoreSettings.ARGON2_MEMORY_KIB.key(), Integer.toString(a.memoryKib()),
                    "at most " + CoreSettings.HASH_MAX_MEMORY_KIB.key() + " (" + maxMemoryKib + ")");
        }
        if (policy instanceof HashPolicy.BcryptPolicy b && b.cost() > maxBcryptCost) {
            throw new InvalidSettingException(CoreSettings.BCRYPT_COST.key(), Integer.toString(b.cost()),
                    "at most " + CoreSettings.HASH_MAX_BCRYPT_COST.key() + " (" + maxBcryptCost + ")");
        }
    }

    /** argon2id at OWASP's parameters (19 MiB, 2 passes, 1 lane): the defaults of the settings. */
    public static StandardPasswordHasher owaspDefaults() {
        return from(Settings.defaults());
    }

    /** The hasher of {@code password-hash} with its parameters ({@code bcrypt-cost}, {@code argon2-*}). */
    public static StandardPasswordHasher from(Settings settings) {
        return switch (settings.get(CoreSettings.PASSWORD_HASH)) {
            case "bcrypt" -> bcrypt(settings.get(CoreSettings.BCRYPT_COST), settings);
            default -> argon2id(settings.get(CoreSettings.ARGON2_MEMORY_KIB),
                    settings.get(CoreSettings.ARGON2_ITERATIONS), settings.get(CoreSettings.ARGON2_PARALLELISM),
                    settings);
        };
    }

    /** New hashes are argon2id with these parameters; stored hashes within the default limits. */
    public static StandardPasswordHasher argon2id(int memoryKib, int iterations, int parallelism) {
        return argon2id(memoryKib, iterations, parallelism, Settings.defaults());
    }

    private static StandardPasswordHasher argon2id(int memoryKib, int iterations, int parallelism, Settings limits) {
        CoreSettings.ARGON2_PARALLELISM.check(parallelism);
        CoreSettings.ARGON2_ITERATIONS.check(iterations);
        CoreSettings.ARGON2_MEMORY_KIB.check(memoryKib);
        if (memoryKib < 8 * parallelism) { // argon2's own rule: 8 KiB per lane
            throw new InvalidSettingException(CoreSettings.ARGON2_MEMORY_KIB.key(), Integer.toString(memoryKib),
                    "at least 8 KiB per lane of " + CoreSettings.ARGON2_PARALLELISM.key());
        }
        return new StandardPasswordHasher(new HashPolicy.Argon2idPolicy(memoryKib, iterations, parallelism), limits);
    }

    /** New hashes are bcrypt ({@code $2b$}) with this cost; for comparison with systems that use bcrypt. */
    public static StandardPasswordHasher bcrypt(int cost) {
        return bcrypt(cost, Settings.defaults());
    }

    private static StandardPasswordHasher bcrypt(int cost, Settings limits) {
        return new StandardPasswordHasher(new HashPolicy.BcryptPolicy(CoreSettings.BCRYPT_COST.check(cost)), limits);
    }

    @Override
    public String hash(String password) {
        byte[] bytes = password.getBytes(StandardCharsets.UTF_8);
        if (policy instanceof HashPolicy.Argon2idPolicy a) {
            return Argon2id.hash(bytes, a.memoryKib(), a.iterations(), a.parallelism(), random);
        }
        return Bcrypt.hash(bytes, ((HashPolicy.BcryptPolicy) policy).cost(), random);
    }

    /**
     * Under argon2id, a random salt and a random digest with today's parameters, encoded without hashing;
     * under bcrypt, whose encoding BouncyCastle makes only by hashing, a random password hashed.
     */
    @Override
    public String unmatchableHash() {
        if (policy instanceof HashPolicy.Argon2idPolicy a) {
            return Argon2id.unmatchable(a.memoryKib(), a.iterations(), a.parallelism(), random);
        }
        return PasswordHasher.super.unmatchableHash();
    }

    /**
     * {@inheritDoc}
     *
     * <p>A hash above {@code hash-max-memory-kib} or {@code hash-max-bcrypt-cost} is never computed (an
     * {@link IllegalArgumentException}); an argon2 hash runs only while its memory fits the budget
     * ({@code hash-memory-budget-kib}) beside the verifications running now.
     *
     * @throws OverloadedException when the hash's memory does not fit the budget now
     */
    @Override
    public boolean verify(String password, String encodedHash) {
        HashAlgorithm algorithm = algorithmOf(encodedHash);
        int kib = checkCeilings(algorithm, encodedHash);
        if (kib > budget.totalKib()) {
            throw new IllegalArgumentException("the hash needs " + kib + " KiB, more than "
                    + CoreSettings.HASH_MEMORY_BUDGET_KIB.key() + " (" + budget.totalKib() + " KiB)");
        }
        if (!budget.tryAcquire(kib)) {
            throw new OverloadedException("hash memory budget");
        }
        try {
            return algorithm.verify(password.getBytes(StandardCharsets.UTF_8), encodedHash);
        } finally {
            budget.release(kib);
        }
    }

    /** Memory the verifications running now hold, in KiB. */
    int memoryInUseKib() {
        return budget.inUseKib();
    }

    /** Refuses a hash above the ceilings; answers its memory in KiB, read once. */
    private int checkCeilings(HashAlgorithm algorithm, String encodedHash) {
        int kib = algorithm.memoryKib(encodedHash);
        if (kib > maxMemoryKib) {
            throw new IllegalArgumentException("argon2 memory " + kib + " KiB is above "
                    + CoreSettings.HASH_MAX_MEMORY_KIB.key() + " (" + maxMemoryKib + ")");
        }
        if (algorithm instanceof Bcrypt && Bcrypt.cost(encodedHash) > maxBcryptCost) {
            throw new IllegalArgumentException("bcrypt cost " + Bcrypt.cost(encodedHash) + " is above "
                    + CoreSettings.HASH_MAX_BCRYPT_COST.key() + " (" + maxBcryptCost + ")");
        }
        return kib;
    }

    @Override
    public boolean needsRehash(String encodedHash) {
        if (policy instanceof HashPolicy.Argon2idPolicy a) {
            // A hash that takes more memory than the policy's (an import) is brought down to it, which frees the
            // budget for everyone else's logins.
            return !encodedHash.startsWith(Argon2id.PREFIX)
                    || Argon2id.weakerThan(encodedHash, a.memoryKib(), a.iterations(), a.parallelism())
                    || ARGON2.memoryKib(encodedHash) > a.memoryKib();
        }
        HashPolicy.BcryptPolicy b = (HashPolicy.BcryptPolicy) policy;
        return !new Bcrypt().recognizes(encodedHash) || Bcrypt.cost(encodedHash) != b.cost();
    }

    /**
     * Checks that a hash from another system is one this hasher verifies, well-formed and in range, without
     * computing it: for imports.
     *
     * @throws IllegalArgumentException naming what is wrong
     */
    public void checkFormat(String encodedHash) {
        HashAlgorithm algorithm = algorithmOf(encodedHash);
        algorithm.checkFormat(encodedHash);
        checkCeilings(algorithm, encodedHash);
    }

    /** A description of the policy for logs, e.g. {@code argon2id(m=19456,t=2,p=1)}. */
    @Override
    public String toString() {
        return policy.toString();
    }

    private static HashAlgorithm algorithmOf(String encodedHash) {
        for (HashAlgorithm algorithm : ALGORITHMS) {
            if (algorithm.recognizes(encodedHash)) {
                return algorithm;
            }
        }
        throw new IllegalArgumentException("unsupported password hash format");
    }

    private sealed interface HashPolicy {

        record Argon2idPolicy(int memoryKib, int iterations, int parallelism) implements HashPolicy {
            @Override
            public String toString() {
                return "argon2id(m=" + memoryKib + ",t=" + iterations + ",p=" + parallelism + ')';
            }
        }

        record BcryptPolicy(int cost) implements HashPolicy {
            @Override
            public String toString() {
                return "bcrypt(cost=" + cost + ')';
            }
        }
    }
}
