package io.netauth.core;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;

/**
 * The 100,000 most common passwords of public breach corpora, as nbvcxz ships them ({@code
 * dictionaries/passwords.txt} of {@code me.gosimple:nbvcxz}); nothing of nbvcxz runs. The build packs the list
 * (src/build/PackBreachedPasswords.java): only entries of at least {@link Passwords#MIN_LENGTH} characters, since
 * shorter ones are refused by length anyway, lower-cased, without duplicates and in unsigned byte order, one per
 * line. Read as it is into one byte array with an offset table, the whole list costs about 0.5 MB and a lookup is
 * a binary search without allocation beyond the lower-cased probe; reading and sorting the raw list took 150 ms
 * of a cold start, the packed one takes a tenth of that. Loaded once per JVM, lazily. Immutable and thread-safe.
 */
final class BreachedPasswords {

    static final String RESOURCE = "breached-passwords.txt";

    private final byte[] packed; // the entries, each followed by '\n'
    private final int[] offsets; // entry i is packed[offsets[i], offsets[i + 1] - 1)

    private BreachedPasswords(byte[] packed, int[] offsets) {
        this.packed = packed;
        this.offsets = offsets;
    }

    private static final class Holder {
        static final BreachedPasswords LIST = load();
    }

    /** The list, read on first use. */
    static BreachedPasswords list() {
        return Holder.LIST;
    }

    static BreachedPasswords load() {
        byte[] packed;
        try (InputStream in = BreachedPasswords.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("the breached-password list io/netauth/core/" + RESOURCE
                        + " is missing from the class path (the build packs it from nbvcxz's list)");
            }
            packed = in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        int entries = 0;
        for (byte b : packed) {
            if (b == '\n') {
                entries++;
            }
        }
        int[] offsets = new int[entries + 1];
        for (int i = 0, entry = 0; i < packed.length; i++) {
            if (packed[i] == '\n') {
                offsets[++entry] = i + 1;
            }
        }
        return new BreachedPasswords(packed, offsets);
    }

    /** Whether the password, compared without regard to case, is on the list. */
    boolean contains(String password) {
        byte[] probe = password.toLowerCase(Locale.ROOT).getBytes(StandardCharsets.UTF_8);
        int low = 0;
        int high = offsets.length - 2;
        while (low <= high) {
            int mid = (low + high) >>> 1;
            int order = Arrays.compareUnsigned(packed, offsets[mid], offsets[mid + 1] - 1, probe, 0, probe.length);
            if (order < 0) {
                low = mid + 1;
            } else if (order > 0) {
                high = mid - 1;
            } else {
                return true;
            }
        }
        return false;
    }

    /** How many passwords the list holds (those of at least the minimum length). */
    int size() {
        return offsets.length - 1;
    }

    /** The bytes the list occupies: its packed entries and its offset table. */
    long bytes() {
        return packed.length + 4L * offsets.length;
    }
}
