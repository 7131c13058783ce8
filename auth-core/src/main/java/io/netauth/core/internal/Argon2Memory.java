package io.netauth.core.internal;

import java.util.Arrays;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;

/**
 * argon2 memory kept between hashes. Without it every verification allocates its whole memory cost (19 MiB
 * at the default) as thousands of 1 KiB blocks, which at login rates makes the heap grow into gigabytes and
 * the collector run constantly. A hash borrows one set of blocks, BouncyCastle clears each block as it hands
 * it back, and the set returns here for the next hash. At most one set per core is kept (more hashes than
 * cores cannot run at once), and a set keeps at most 32 MiB, so a rare larger hash allocates the rest and
 * drops it: what the sets keep idle stays small beside the hash memory budget (HashMemoryBudget). Thread-safe; a borrowed set belongs to one thread until it is returned.
 */
final class Argon2Memory {

    /** Blocks one set keeps at most (32 MiB, above the default policy's 19 MiB). */
    static final int MAX_BLOCKS_PER_SET = 1 << 15;

    private final int maxSets;
    private final ConcurrentLinkedQueue<BlockSet> idle = new ConcurrentLinkedQueue<>();
    private final AtomicInteger idleCount = new AtomicInteger();

    Argon2Memory(int maxSets) {
        this.maxSets = maxSets;
    }

    /** A set of blocks for one hash on the calling thread; give it back when the hash is done. */
    BlockSet borrow() {
        BlockSet set = idle.poll();
        if (set == null) {
            return new BlockSet();
        }
        idleCount.decrementAndGet();
        return set;
    }

    void giveBack(BlockSet set) {
        if (idleCount.incrementAndGet() <= maxSets) {
            idle.offer(set);
        } else {
            idleCount.decrementAndGet();
        }
    }

    /** Sets kept for the next hashes. */
    int idleSets() {
        return idleCount.get();
    }

    /** Blocks kept for the next hashes, across all idle sets. */
    int idleBlocks() {
        return idle.stream().mapToInt(BlockSet::size).sum();
    }

    /** One hash's blocks, as a stack; touched by one thread at a time. */
    static final class BlockSet implements Argon2BytesGenerator.BlockPool {

        private Argon2BytesGenerator.Block[] blocks = new Argon2BytesGenerator.Block[0];
        private int size;

        int size() {
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
            if (size == MAX_BLOCKS_PER_SET) {
                return;
            }
            if (size == blocks.length) {
                blocks = Arrays.copyOf(blocks, Math.min(MAX_BLOCKS_PER_SET, Math.max(1024, size * 2)));
            }
            blocks[size++] = block;
        }
    }
}
