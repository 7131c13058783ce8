package io.netauth.core;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The 100,000 most common passwords of public breach corpora, as nbvcxz ships them ({@code
 * dictionaries/passwords.txt} of {@code me.gosimple:nbvcxz}); nothing of nbvcxz runs. Only entries of at least
 * {@link Passwords#MIN_LENGTH} characters are kept, since shorter ones are refused by length anyway, lower-cased,
 * sorted and packed into one byte array with an offset table, so the whole list costs about half a megabyte and
 * a lookup is a binary search without allocation beyond the lower-cased probe. Loaded once per JVM, lazily.
 * Immutable and thread-safe.
 */
final class BreachedPasswords {

    private static final String RESOURCE = "/dictionaries/passwords.txt";

    private final byte[] packed;
    private final int[] offsets; // entry i is packed[offsets[i], offsets[i + 1])

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
        List<String> entries = new ArrayList<>(60_000);
        try (InputStream in = BreachedPasswords.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("the breached-password list " + RESOURCE + " (nbvcxz) is missing "
                        + "from the class path");
            }
            BufferedReader lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                String entry = line.strip().toLowerCase(Locale.ROOT);
                if (entry.codePointCount(0, entry.length()) >= Passwords.MIN_LENGTH) {
                    entries.add(entry);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        byte[][] sorted = entries.stream().distinct().map(e -> e.getBytes(StandardCharsets.UTF_8))
                .sorted(Arrays::compareUnsigned).toArray(byte[][]::new);
        int[] offsets = new int[sorted.length + 1];
        int size = 0;
        for (int i = 0; i < sorted.length; i++) {
            offsets[i] = size;
            size += sorted[i].length;
        }
        offsets[sorted.length] = size;
        byte[] packed = new byte[size];
        for (int i = 0; i < sorted.length; i++) {
            System.arraycopy(sorted[i], 0, packed, offsets[i], sorted[i].length);
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
            int order = Arrays.compareUnsigned(packed, offsets[mid], offsets[mid + 1], probe, 0, probe.length);
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
