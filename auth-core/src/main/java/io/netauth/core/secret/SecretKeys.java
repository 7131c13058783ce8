package io.netauth.core.secret;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The key-encryption keys: 256-bit AES keys, the first of which seals and every one of which opens. A sealed
 * secret is the text {@code v1:<key id>:<base64url(nonce | ciphertext | tag)>}: AES-256-GCM from the JDK with a
 * fresh 96-bit nonce, and the caller's context (the table and the row, such as
 * {@code auth_signing_keys:<kid>}) as associated data, so that a ciphertext moved to another row does not open.
 * A key's id is the first eight hex digits of its SHA-256, so a stored secret names the key it needs without
 * revealing it. Immutable and thread-safe.
 */
public final class SecretKeys {

    private static final String VERSION = "v1:";
    private static final int KEY_BYTES = 32;
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Map<String, SecretKeySpec> byId;
    private final String currentId;

    private SecretKeys(List<byte[]> keys) {
        if (keys.isEmpty()) {
            throw new SecretKeyException("no key-encryption key is given");
        }
        Map<String, SecretKeySpec> ids = new LinkedHashMap<>();
        for (byte[] key : keys) {
            if (key.length != KEY_BYTES) {
                throw new SecretKeyException("a key-encryption key must be 32 bytes (44 characters of base64), not "
                        + key.length + " bytes");
            }
            ids.putIfAbsent(idOf(key), new SecretKeySpec(key.clone(), "AES"));
        }
        this.byId = Map.copyOf(ids);
        this.currentId = ids.keySet().iterator().next();
    }

    /** The keys, the first sealing. */
    public static SecretKeys of(List<byte[]> keys) {
        return new SecretKeys(keys);
    }

    /**
     * Reads keys written as base64, one per line (or separated by commas or spaces); blank lines and lines
     * starting with {@code #} are skipped. The first key seals.
     */
    public static SecretKeys parse(String text) {
        List<byte[]> keys = new ArrayList<>();
        for (String line : text.split("\\R")) {
            String trimmed = line.strip();
            if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                continue;
            }
            for (String token : trimmed.split("[,\\s]+")) {
                try {
                    keys.add(Base64.getDecoder().decode(token));
                } catch (IllegalArgumentException e) {
                    throw new SecretKeyException("a key-encryption key is not valid base64");
                }
            }
        }
        return new SecretKeys(keys);
    }

    /** Whether {@code text} is nothing but base64 keys of the right size, as {@link #parse} reads them. */
    public static boolean looksLikeKeys(String text) {
        try {
            parse(text);
            return true;
        } catch (SecretKeyException e) {
            return false;
        }
    }

    /** A new random key, as base64: a line for a key file. */
    public static String generateKey() {
        byte[] key = new byte[KEY_BYTES];
        RANDOM.nextBytes(key);
        return Base64.getEncoder().encodeToString(key);
    }

    /** The id of the key that seals. */
    public String currentKeyId() {
        return currentId;
    }

    /** The ids of every key, the sealing one first. */
    public List<String> keyIds() {
        List<String> ids = new ArrayList<>();
        ids.add(currentId);
        byId.keySet().stream().filter(id -> !id.equals(currentId)).sorted().forEach(ids::add);
        return ids;
    }

    /** Whether a stored value is sealed (as opposed to plain text left by an earlier version). */
    public static boolean isSealed(String stored) {
        return stored != null && stored.startsWith(VERSION);
    }

    /** Whether a sealed value is sealed with the current key, so that rewrapping would not change it. */
    public boolean sealedWithCurrentKey(String sealed) {
        return isSealed(sealed) && sealed.startsWith(VERSION + currentId + ':');
    }

    /** Seals {@code plaintext} under the current key, bound to {@code context}. */
    public String seal(byte[] plaintext, String context) {
        byte[] nonce = new byte[NONCE_BYTES];
        RANDOM.nextBytes(nonce);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, byId.get(currentId), new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(context.getBytes(StandardCharsets.UTF_8));
            byte[] sealed = cipher.doFinal(plaintext);
            byte[] out = new byte[NONCE_BYTES + sealed.length];
            System.arraycopy(nonce, 0, out, 0, NONCE_BYTES);
            System.arraycopy(sealed, 0, out, NONCE_BYTES, sealed.length);
            return VERSION + currentId + ':' + Base64.getUrlEncoder().withoutPadding().encodeToString(out);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every JDK has AES-GCM", e);
        }
    }

    /**
     * Opens a sealed value bound to {@code context}.
     *
     * @throws SecretKeyException when no configured key has its id, or the value or its context was altered
     */
    public byte[] open(String sealed, String context) {
        if (!isSealed(sealed)) {
            throw new SecretKeyException("the value of " + context + " is not sealed");
        }
        int colon = sealed.indexOf(':', VERSION.length());
        String keyId = colon < 0 ? "" : sealed.substring(VERSION.length(), colon);
        SecretKeySpec key = byId.get(keyId);
        if (key == null) {
            throw new SecretKeyException(context + " is sealed with key " + keyId + ", which is not among the "
                    + "configured keys " + keyIds());
        }
        try {
            String encoded = sealed.substring(colon + 1);
            byte[] in = Base64.getUrlDecoder().decode(encoded);
            if (!Base64.getUrlEncoder().withoutPadding().encodeToString(in).equals(encoded)) {
                // The decoder ignores the unused bits of the last character: without this, one sealed value would
                // have several spellings, and a single-use value (a code, an MFA token) several digests.
                throw new IllegalArgumentException("not the canonical spelling");
            }
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, in, 0, NONCE_BYTES));
            cipher.updateAAD(context.getBytes(StandardCharsets.UTF_8));
            return cipher.doFinal(in, NONCE_BYTES, in.length - NONCE_BYTES);
        } catch (AEADBadTagException | IllegalArgumentException e) {
            throw new SecretKeyException(context + " does not open with key " + keyId
                    + ": the value was altered, moved from another row, or the key with this id is not the one it "
                    + "was sealed with");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every JDK has AES-GCM", e);
        }
    }

    /**
     * As {@link #seal}, spelt to travel as it stands in a URL, a form or JSON: the separators are {@code '.'}.
     * For single-use values handed to a client (authorization codes, MFA tokens).
     */
    public String sealToken(byte[] plaintext, String context) {
        return seal(plaintext, context).replace(':', '.');
    }

    /**
     * Opens a value of {@link #sealToken}; empty when it is not one, was altered, is spelt in any other way, or
     * was sealed with a key dropped since. A token has one spelling, so a digest of it names it.
     */
    public Optional<byte[]> openToken(String token, String context) {
        if (token.indexOf(':') >= 0) {
            return Optional.empty();
        }
        try {
            return Optional.of(open(token.replace('.', ':'), context));
        } catch (SecretKeyException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static String idOf(byte[] key) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(key), 0, 4);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    @Override
    public String toString() {
        return "SecretKeys" + keyIds();
    }
}
