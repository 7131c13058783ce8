package io.netauth.core.internal;

import java.util.Arrays;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;

/**
 * The argon2 memory of one thread, kept between hashes. Without it every verification allocates its whole
 * memory cost (19 MiB at the default) as thousands of 1 KiB blocks, which at login rates makes the heap grow
 * into gigabytes and the collector run constantly. BouncyCastle clears each block before handing it back.
 * Only the thread that owns a pool touches it, so it takes no lock.
 */
final class ThreadBlockPool implements Argon2BytesGenerator.BlockPool {

    /** Blocks a thread keeps at most (64 MiB); a rare larger hash allocates and drops the rest. */
    static final int MAX_RETAINED_BLOCKS = 1 << 16;

    private static final ThreadLocal<ThreadBlockPool> POOLS = ThreadLocal.withInitial(ThreadBlockPool::new);

    private Argon2BytesGenerator.Block[] blocks = new Argon2BytesGenerator.Block[0];
    private int size;

    private ThreadBlockPool() {
    }

    static ThreadBlockPool current() {
        return POOLS.get();
    }

    int retained() {
        return size;
    }

    @Override
    public Argon2BytesGenerator.Block allocate() {
        if (size == 0) {
            return new Argon2BytesGenerator.Block();
        }
        Argon2BytesGenerator.Block block = blocks[--size];
        blocks[size] = null;
        return block;
    }

    @Override
    public void deallocate(Argon2BytesGenerator.Block block) {
        if (size == MAX_RETAINED_BLOCKS) {
            return;
        }
        if (size == blocks.length) {
            blocks = Arrays.copyOf(blocks, Math.min(MAX_RETAINED_BLOCKS, Math.max(1024, size * 2)));
        }
        blocks[size++] = block;
    }
}
