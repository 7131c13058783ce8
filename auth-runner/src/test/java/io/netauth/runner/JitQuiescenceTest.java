package io.netauth.runner;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Reading the JIT's queue from the JVM's own diagnostic command, and what counts as empty. */
class JitQuiescenceTest {

    @Test
    void readsThisJvmsQueueAndWaitsUntilItIsEmpty() throws InterruptedException {
        String queue = JitQuiescence.queue();
        assertNotNull(queue, "the diagnostic command answered");
        assertTrue(queue.contains("Current compiles:") && queue.contains("compile queue:"), queue);
        assertTrue(JitQuiescence.await(Duration.ofSeconds(30)), JitQuiescence.queue());
    }

    @Test
    void aJvmThatWritesNoArchiveDoesNotWait() {
        assertFalse(JitQuiescence.needed());
    }

    @Test
    void anEmptyReportIsIdle() {
        assertTrue(JitQuiescence.idle("Current compiles: \n\nC1 compile queue:\nEmpty\n\nC2 compile queue:\nEmpty\n"));
    }

    @Test
    void aQueuedOrRunningMethodIsNotIdle() {
        assertFalse(JitQuiescence.idle("Current compiles: \n\nC1 compile queue:\nEmpty\n\nC2 compile queue:\n"
                + "   3087       4       org.h2.mvstore.db.ValueDataType::write (1515 bytes)\n"));
        assertFalse(JitQuiescence.idle("Current compiles: \nC2 CompilerThread0  3087       4       "
                + "org.h2.mvstore.db.ValueDataType::write (1515 bytes)\n\nC1 compile queue:\nEmpty\n\n"
                + "C2 compile queue:\nEmpty\n"));
    }
}
