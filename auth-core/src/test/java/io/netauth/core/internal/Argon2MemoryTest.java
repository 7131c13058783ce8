package io.netauth.core.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.junit.jupiter.api.Test;

class Argon2MemoryTest {

    // Outputs of the argon2 reference implementation; see StandardPasswordHasherTest.
    private static final Vector BIG = new Vector("correct horse battery staple", "$argon2id$v=19$m=19456,t=2,p=1$"
            + "c2FsdHNhbHRzYWx0c2FsdA$QKHrg5tayLGcN+Y0HVPNaBqykOVLUxlMkZycXE1uWRM", 19456, 2, 1);
    private static final Vector SMALL = new Vector("pässwörd", "$argon2id$v=19$m=64,t=1,p=2$"
            + "MDEyMzQ1Njc4OWFiY2RlZg$SxSH0vf0Kcm8Cw6p+3YTBZ1n8PxIZCqdGtTcJEQOJAE", 64, 1, 2);

    @Test
    void reusedBlocksStillGiveTheReferenceHashes() {
        Argon2Memory memory = new Argon2Memory(1);
        BIG.check(memory);
        int kept = memory.idleBlocks();
        assertTrue(kept >= 19456, "the hash's memory (and BouncyCastle's few working blocks) was kept: " + kept);
        // The small hash runs on blocks the big one wrote: a block not cleared would change its output.
        SMALL.check(memory);
        BIG.check(memory);
        assertEquals(kept, memory.idleBlocks(), "the second big hash reused the blocks instead of adding more");
    }

    @Test
    void keepsOneSetPerHashThatCanRunAtOnce() {
        Argon2Memory memory = new Argon2Memory(2);
        List<Argon2Memory.BlockSet> borrowed = List.of(memory.borrow(), memory.borrow(), memory.borrow());
        borrowed.forEach(memory::giveBack);
        assertEquals(2, memory.idleSets());
        memory.borrow();
        assertEquals(1, memory.idleSets());
    }

    @Test
    void aSetKeepsNoMoreThanItsCap() {
        Argon2Memory.BlockSet set = new Argon2Memory(1).borrow();
        for (int i = 0; i < Argon2Memory.MAX_BLOCKS_PER_SET + 100; i++) {
            set.deallocate(new Argon2BytesGenerator.Block());
        }
        assertEquals(Argon2Memory.MAX_BLOCKS_PER_SET, set.size());
        set.allocate();
        assertEquals(Argon2Memory.MAX_BLOCKS_PER_SET - 1, set.size());
    }

    @Test
    void hashesOnManyThreadsAtOnceShareTheSetsSafely() throws Exception {
        Argon2Memory memory = new Argon2Memory(2);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> runs = new ArrayList<>();
            for (int i = 0; i < 24; i++) {
                Vector v = i % 3 == 0 ? BIG : SMALL;
                runs.add(pool.submit(() -> v.check(memory)));
            }
            for (Future<?> run : runs) {
                run.get();
            }
        } finally {
            pool.shutdown();
        }
        assertTrue(memory.idleSets() <= 2);
    }

    private record Vector(String password, String encoded, int memoryKib, int iterations, int parallelism) {
        void check(Argon2Memory memory) {
            PhcString phc = PhcString.parse(encoded);
            byte[] actual = Argon2id.compute(password.getBytes(StandardCharsets.UTF_8), phc.salt(), memoryKib,
                    iterations, parallelism, phc.hash().length, memory);
            assertArrayEquals(phc.hash(), actual);
        }
    }
}
