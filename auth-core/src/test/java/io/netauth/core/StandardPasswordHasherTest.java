package io.netauth.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import io.netauth.core.config.CoreSettings;
import io.netauth.core.config.Settings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Reference vectors come from other implementations, not from this one: argon2id from the reference C
 * implementation's {@code argon2} command, bcrypt from OpenBSD's published vectors and pyca/bcrypt,
 * PBKDF2 from Python's hashlib and passlib.
 */
class StandardPasswordHasherTest {

    private final StandardPasswordHasher hasher = StandardPasswordHasher.argon2id(64, 1, 1);

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        // argon2 somesalt -id -t 2 -m 16 -p 1 -l 32 (the reference implementation's README example)
        "password|$argon2id$v=19$m=65536,t=2,p=1$c29tZXNhbHQ$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc",
        "correct horse battery staple|$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHRzYWx0c2FsdA$QKHrg5tayLGcN+Y0HVPNaBqykOVLUxlMkZycXE1uWRM",
        "pässwörd|$argon2id$v=19$m=64,t=1,p=2$MDEyMzQ1Njc4OWFiY2RlZg$SxSH0vf0Kcm8Cw6p+3YTBZ1n8PxIZCqdGtTcJEQOJAE",
        // OpenBSD bcrypt vectors
        "abc|$2a$06$If6bvum7DFjUnE9p2uDeDu0YHzrHM6tf.iqN8.yx.jNN1ILEf7h0i",
        "abcdefghijklmnopqrstuvwxyz|$2a$06$.rCVZVOThsIa97pEDOxvGuRRgzG64bvtJ0938xuqzv18d3ZpQhstC",
        "~!@#$%^&*()      ~!@#$%^&*()PNBFRD|$2a$06$fPIsBO8qRqkjj273rfaOI.HtSV9jLDpTbZn782DC6/t7qT67P6FfO",
        // pyca/bcrypt, the $2b$ and $2y$ prefixes and UTF-8
        "correct horse|$2b$10$abcdefghijklmnopqrstuu23JPZtHcGhwXSF41f93o/7vBdDut3Xu",
        "pässwörd|$2y$05$abcdefghijklmnopqrstuuZVEMa1pjhlynBQ1qXmSvGBJpN9h1w8G",
        // Python hashlib.pbkdf2_hmac in PHC form; passlib's pbkdf2_sha256 form
        "hunter2|$pbkdf2-sha256$i=600000,l=32$c2FsdHlzYWx0eXNhbHR5IQ$Qul4jyX0gRzXPG0Yk085gYnKBrCuq5wWtlETnFFlTSk",
        "password|$pbkdf2-sha256$29000$MDEyMzQ1Njc4OWFiY2RlZg$G/O7bynZBig0xpI9OJ2.zH5iXh/vIAuDcj9JVCTUa3k",
        // Django's form, made with Python's hashlib as Django does
        "django-pass|pbkdf2_sha256$1000$seasalt42$u2fJfVGvKFplyMh4Ea6whS0oOOPvmMtm2AbpQHpT0eo=",
    })
    void verifiesReferenceVectors(String password, String encoded) {
        assertTrue(hasher.verify(password, encoded));
        assertFalse(hasher.verify(password + "x", encoded));
    }

    @Test
    void verifiesTheEmptyPasswordBcryptVector() {
        assertTrue(hasher.verify("", "$2a$06$DCq7YPn5Rq63x1Lad4cll.TV4S6ytwfsfvkgY8jIucDrjc8deX1s."));
    }

    @Test
    void bcryptIgnoresBytesPastSeventyTwoAsEveryBcryptDoes() {
        String vector = "$2b$05$abcdefghijklmnopqrstuuGUnCqbfgs3htOkLrFduUjAyLBw1Rq/u"; // pyca/bcrypt, 72 x 'a'
        assertTrue(hasher.verify("a".repeat(72), vector));
        assertTrue(hasher.verify("a".repeat(100), vector));
        assertFalse(hasher.verify("a".repeat(71), vector));
    }

    @Test
    void pbkdf2MatchesRfc7914() {
        // RFC 7914 section 11: P="Password", S="NaCl", c=80000, dkLen=64; first 16 bytes of the output.
        String salt = java.util.Base64.getEncoder().withoutPadding().encodeToString("NaCl".getBytes());
        byte[] expected = java.util.HexFormat.of().parseHex("4ddcd8f60b98be21830cee5ef22701f9641a4418d04c0414aeff08876b34ab56a1d425a1225833549adb841b51c9b3176a272bdebba1d078478f62b397f33c8d");
        String encoded = "$pbkdf2-sha256$i=80000,l=64$" + salt + "$"
                + java.util.Base64.getEncoder().withoutPadding().encodeToString(expected);
        assertTrue(hasher.verify("Password", encoded));
    }

    @Test
    void hashesArePhcStringsWithFreshSalts() {
        String first = hasher.hash("s3cret");
        String second = hasher.hash("s3cret");
        assertTrue(first.startsWith("$argon2id$v=19$m=64,t=1,p=1$"), first);
        assertNotEquals(first, second);
        assertTrue(hasher.verify("s3cret", first));
        assertFalse(hasher.verify("s3cret ", first));
    }

    /**
     * The hash an unknown user's password is checked against. Under argon2id it is made without hashing, yet
     * shaped exactly like a real one (the same parameters, salt and digest lengths), so that checking a
     * password against it costs the same (the server's timing test measures that); no password matches it.
     * Under bcrypt it is a real hash of a random password.
     */
    @Test
    void theUnmatchableHashIsShapedLikeARealOneAndMatchesNothing() {
        String[] real = hasher.hash("s3cret").split("\\$");
        String unmatchable = hasher.unmatchableHash();
        String[] made = unmatchable.split("\\$");
        assertEquals(real.length, made.length, unmatchable);
        assertEquals(String.join("$", Arrays.copyOf(real, 4)), String.join("$", Arrays.copyOf(made, 4)),
                "the algorithm, version and parameters");
        assertEquals(real[4].length(), made[4].length(), "the salt's length");
        assertEquals(real[5].length(), made[5].length(), "the digest's length");
        assertNotEquals(unmatchable, hasher.unmatchableHash());
        assertFalse(hasher.needsRehash(unmatchable));
        for (String password : new String[] {"", "s3cret", "password", unmatchable}) {
            assertFalse(hasher.verify(password, unmatchable), password);
        }
        StandardPasswordHasher bcrypt = StandardPasswordHasher.bcrypt(10);
        String bcrypted = bcrypt.unmatchableHash();
        assertTrue(bcrypted.startsWith("$2b$10$"), bcrypted);
        assertFalse(bcrypt.verify("s3cret", bcrypted));
    }

    @Test
    void defaultPolicyIsOwaspArgon2id() {
        assertTrue(StandardPasswordHasher.owaspDefaults().hash("x").startsWith("$argon2id$v=19$m=19456,t=2,p=1$"));
    }

    @Test
    void weakerHashesNeedRehash() {
        StandardPasswordHasher policy = StandardPasswordHasher.owaspDefaults();
        assertTrue(policy.needsRehash("$2b$10$abcdefghijklmnopqrstuu23JPZtHcGhwXSF41f93o/7vBdDut3Xu"));
        assertTrue(policy.needsRehash(
                "$pbkdf2-sha256$29000$MDEyMzQ1Njc4OWFiY2RlZg$G/O7bynZBig0xpI9OJ2.zH5iXh/vIAuDcj9JVCTUa3k"));
        assertTrue(policy.needsRehash(hasher.hash("x")));
        assertFalse(policy.needsRehash(
                "$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHRzYWx0c2FsdA$QKHrg5tayLGcN+Y0HVPNaBqykOVLUxlMkZycXE1uWRM"));
        // More passes than the policy are kept: a rehash never makes a hash cheaper to guess where it costs the
        // server only time.
        assertFalse(policy.needsRehash("$argon2id$v=19$m=19456,t=3,p=1$c2FsdHNhbHRzYWx0c2FsdA$QKHrg5tayLGcN+Y0HVPNaBqykOVLUxlMkZycXE1uWRM"));
        // More memory than the policy (an import) is brought down to it at the next login: every verification
        // of it takes that much of the hash memory budget.
        assertTrue(policy.needsRehash("$argon2id$v=19$m=32768,t=3,p=1$c2FsdHNhbHRzYWx0c2FsdA$Z/rVOpTggCqLjPmM+Eh//PtJndU3naLn00OcdiSIkHA"));
        // More memory, but an 8-byte salt is below the policy's 16 bytes.
        assertTrue(policy.needsRehash(
                "$argon2id$v=19$m=65536,t=2,p=1$c29tZXNhbHQ$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc"));
    }

    @Test
    void bcryptPolicyHashesBcryptAndWantsArgonHashesKept() {
        StandardPasswordHasher bcrypt = StandardPasswordHasher.bcrypt(10);
        String hash = bcrypt.hash("pw");
        assertTrue(hash.startsWith("$2b$10$"), hash);
        assertTrue(bcrypt.verify("pw", hash));
        assertFalse(bcrypt.needsRehash(hash));
        assertTrue(StandardPasswordHasher.bcrypt(11).needsRehash(hash));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "", "plain", "$argon2id$", "$argon2id$v=19$m=64,t=1,p=1$c29tZXNhbHQ",
        "$argon2id$v=16$m=64,t=1,p=1$c29tZXNhbHQ$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc",
        "$argon2id$v=19$m=99999999,t=1,p=1$c29tZXNhbHQ$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc",
        "$argon2id$v=19$m=64,t=1,p=1$!!!$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc",
        "$2b$31$abcdefghijklmnopqrstuu23JPZtHcGhwXSF41f93o/7vBdDut3Xu", "$2b$10$short",
        "$pbkdf2-sha256$i=0,l=32$c2FsdA$Qul4jyX0gRzXPG0Yk085gYnKBrCuq5wWtlETnFFlTSk",
        "$scrypt$ln=16,r=8,p=1$c2FsdA$aGFzaA"
    })
    void malformedOrUnsupportedHashesAreRefusedNotGuessed(String encoded) {
        assertThrows(IllegalArgumentException.class, () -> hasher.verify("password", encoded));
    }

    @Test
    void checkFormatAcceptsWhatVerifiesAndRefusesTheRestWithoutHashing() {
        hasher.checkFormat("$2b$10$abcdefghijklmnopqrstuu23JPZtHcGhwXSF41f93o/7vBdDut3Xu");
        hasher.checkFormat("$argon2id$v=19$m=65536,t=2,p=1$c29tZXNhbHQ$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc");
        hasher.checkFormat("pbkdf2_sha256$1000$seasalt42$u2fJfVGvKFplyMh4Ea6whS0oOOPvmMtm2AbpQHpT0eo=");
        for (String bad : new String[] {"plain", "$2b$10$abcdefghijklmnopqrstuu23JPZtHcGhwXSF41f93o/7vBdDut3X!",
            "$argon2i$v=19$m=64,t=1,p=1$c29tZXNhbHQ$aGFzaGhhc2g", "pbkdf2_sha256$x$salt$aGFzaA=="}) {
            assertThrows(IllegalArgumentException.class, () -> hasher.checkFormat(bad), bad);
        }
    }

    @Test
    void policyParametersAreValidatedWithTheirName() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> StandardPasswordHasher.argon2id(19456, 0, 1));
        assertEquals("argon2-iterations: '0' (expected: a whole number from 1 to 64)", e.getMessage());
        assertEquals("bcrypt-cost: '9' (expected: a whole number from 10 to 20)", assertThrows(
                IllegalArgumentException.class, () -> StandardPasswordHasher.bcrypt(9)).getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> StandardPasswordHasher.argon2id(8, 1, 2))
                .getMessage().startsWith("argon2-memory-kib: '8'"));
    }

    /** libsodium's crypto_pwhash MODERATE: 256 MiB, 3 passes. */
    private static final String MODERATE =
            "$argon2id$v=19$m=262144,t=3,p=1$c29tZXNhbHRzb21lc2FsdA$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc";

    private static Settings limits(int maxMemoryKib, int budgetKib) {
        return Settings.builder().set(CoreSettings.HASH_MAX_MEMORY_KIB, maxMemoryKib)
                .set(CoreSettings.HASH_MEMORY_BUDGET_KIB, budgetKib).build();
    }

    @Test
    void hashesAboveTheCeilingsAreRefusedAtImportAndNeverComputed() {
        StandardPasswordHasher defaults = StandardPasswordHasher.owaspDefaults();
        IllegalArgumentException memory = assertThrows(IllegalArgumentException.class,
                () -> defaults.checkFormat(MODERATE));
        assertEquals("argon2 memory 262144 KiB is above hash-max-memory-kib (65536)", memory.getMessage());
        assertThrows(IllegalArgumentException.class, () -> defaults.verify("password", MODERATE));
        String cost15 = "$2b$15$abcdefghijklmnopqrstuu23JPZtHcGhwXSF41f93o/7vBdDut3Xu";
        assertEquals("bcrypt cost 15 is above hash-max-bcrypt-cost (14)",
                assertThrows(IllegalArgumentException.class, () -> defaults.checkFormat(cost15)).getMessage());
        assertThrows(IllegalArgumentException.class, () -> defaults.verify("password", cost15));
        // An operator who raised the ceiling (and the heap) takes such hashes.
        StandardPasswordHasher.from(limits(262_144, 400_000)).checkFormat(MODERATE);
    }

    @Test
    void aHashLargerThanTheWholeBudgetIsNeverComputed() {
        StandardPasswordHasher small = StandardPasswordHasher.from(limits(65_536, 10_000));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> small.verify("password",
                "$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHRzYWx0c2FsdA$QKHrg5tayLGcN+Y0HVPNaBqykOVLUxlMkZycXE1uWRM"));
        assertEquals("the hash needs 19456 KiB, more than hash-memory-budget-kib (10000 KiB)", e.getMessage());
    }

    @Test
    void aVerificationThatDoesNotFitTheMemoryBudgetBesideTheRunningOnesIsRefusedAsOverloaded() throws Exception {
        StandardPasswordHasher budgeted = StandardPasswordHasher.from(limits(65_536, 100_000));
        // 64 MiB; thirty passes (seconds) keep it running while the second one comes.
        String big = "$argon2id$v=19$m=65536,t=30,p=1$c29tZXNhbHQ$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc";
        java.util.concurrent.ExecutorService other = java.util.concurrent.Executors.newSingleThreadExecutor();
        try {
            java.util.concurrent.Future<Boolean> first = other.submit(() -> budgeted.verify("password", big));
            long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(30);
            while (budgeted.memoryInUseKib() == 0 && !first.isDone() && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
            assertEquals(65_536, budgeted.memoryInUseKib(), "the first holds its 64 MiB while it runs");
            // Another 64 MiB does not fit 100,000 KiB beside it: refused at once, not queued.
            assertThrows(OverloadedException.class, () -> budgeted.verify("password", big));
            assertFalse(first.get());
            assertEquals(0, budgeted.memoryInUseKib(), "given back");
            assertFalse(budgeted.verify("password", big), "fits again once the first is done");
        } finally {
            other.shutdownNow();
        }
    }
}
