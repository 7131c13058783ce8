package io.netauth.core.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.SecureRandom;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class TimeOrderedIdsTest {

    private static final long MILLIS = 1_796_140_800_123L;

    /** RFC 9562 section 5.7: 48-bit Unix milliseconds, version 7, variant 10; increasing as text and as numbers. */
    @Test
    void version7IdsInIncreasingOrder() {
        TimeOrderedIds ids = new TimeOrderedIds(MILLIS, new SecureRandom());
        String previous = ids.next();
        for (int i = 0; i < 10_000; i++) {
            String next = ids.next();
            UUID uuid = UUID.fromString(next);
            assertEquals(7, uuid.version());
            assertEquals(2, uuid.variant());
            assertEquals(MILLIS, uuid.getMostSignificantBits() >>> 16, "the timestamp");
            assertTrue(next.compareTo(previous) > 0, previous + " then " + next);
            previous = next;
        }
    }

    /** Past the 62 random bits the count carries into rand_a: still version 7, still increasing. */
    @Test
    void theCountCarriesIntoRandA() {
        SecureRandom allOnes = new SecureRandom() {
            @Override
            public long nextLong() {
                return -1L;
            }
        };
        TimeOrderedIds ids = new TimeOrderedIds(MILLIS, allOnes);
        String last = ids.next();
        String carried = ids.next();
        assertTrue(carried.compareTo(last) > 0, last + " then " + carried);
        assertEquals(7, UUID.fromString(carried).version());
        assertEquals(2, UUID.fromString(carried).variant());
    }

    @Test
    void twoImportsInOneMillisecondDiffer() {
        assertNotEquals(new TimeOrderedIds(MILLIS, new SecureRandom()).next(),
                new TimeOrderedIds(MILLIS, new SecureRandom()).next());
    }
}
