package io.netauth.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.junit.jupiter.api.Test;

class ThreadBlockPoolTest {

    // The argon2 reference implementation's output; see StandardPasswordHasherTest.
    private static final String BIG = "$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHRzYWx0c2FsdA$"
            + "QKHrg5tayLGcN+Y0HVPNaBqykOVLUxlMkZycXE1uWRM";
    private static final String SMALL = "$argon2id$v=19$m=64,t=1,p=2$MDEyMzQ1Njc4OWFiY2RlZg$"
            + "SxSH0vf0Kcm8Cw6p+3YTBZ1n8PxIZCqdGtTcJEQOJAE";

    private final Argon2id argon2id = new Argon2id();

    @Test
    void aThreadKeepsItsMemoryAndReusedBlocksStillGiveTheReferenceHash() throws Exception {
        onNewThread(() -> {
            ThreadBlockPool pool = ThreadBlockPool.current();
            assertEquals(0, pool.retained());
            assertTrue(argon2id.verify(utf8("correct horse battery staple"), BIG));
            int retained = pool.retained();
            assertTrue(retained >= 19456, "the memory of the hash, and BouncyCastle's few working blocks");
            // The small hash runs on blocks the big one wrote; a block not cleared would change its output.
            assertTrue(argon2id.verify(utf8("pässwörd"), SMALL));
            assertFalse(argon2id.verify(utf8("pässwörd!"), SMALL));
            assertTrue(argon2id.verify(utf8("correct horse battery staple"), BIG));
            assertEquals(retained, pool.retained(), "the second hash reused the blocks instead of adding more");
        });
    }

    @Test
    void eachThreadHasItsOwnPool() throws Exception {
        ThreadBlockPool mine = ThreadBlockPool.current();
        onNewThread(() -> assertNotSame(mine, ThreadBlockPool.current()));
        assertSame(mine, ThreadBlockPool.current());
    }

    @Test
    void keepsNoMoreThanItsCap() throws Exception {
        onNewThread(() -> {
            ThreadBlockPool pool = ThreadBlockPool.current();
            for (int i = 0; i < ThreadBlockPool.MAX_RETAINED_BLOCKS + 100; i++) {
                pool.deallocate(new Argon2BytesGenerator.Block());
            }
            assertEquals(ThreadBlockPool.MAX_RETAINED_BLOCKS, pool.retained());
            pool.allocate();
            assertEquals(ThreadBlockPool.MAX_RETAINED_BLOCKS - 1, pool.retained());
        });
    }

    /** Pools belong to threads, so each check runs on a thread of its own, with a pool nobody used. */
    private static void onNewThread(Runnable check) throws Exception {
        CompletableFuture<Void> done = new CompletableFuture<>();
        Thread thread = new Thread(() -> {
            try {
                check.run();
                done.complete(null);
            } catch (Throwable t) {
                done.completeExceptionally(t);
            }
        });
        thread.start();
        done.get();
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
