package io.netauth.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.netauth.core.OverloadedException;
import io.netauth.core.TooManyAttemptsException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import org.junit.jupiter.api.Test;

class FailuresTest {

    @Test
    void aFailureRethrownFromAStageReachesTheCallerAsItsCauseWithNoTraceOfTheStage() {
        TooManyAttemptsException refusal = new TooManyAttemptsException(Duration.ofSeconds(3));
        CompletableFuture<String> answered = CompletableFuture.<String>failedFuture(refusal)
                .handle((value, failure) -> {
                    throw Failures.rethrowable(failure);
                })
                .handle((value, failure) -> {
                    throw Failures.rethrowable(failure);
                });

        CompletionException joined = assertThrows(CompletionException.class, answered::join);
        assertSame(refusal, joined.getCause());
        assertEquals(0, joined.getStackTrace().length, "the future passed the stackless wrapper on as it was");
        ExecutionException got = assertThrows(ExecutionException.class, answered::get);
        assertSame(refusal, got.getCause());
        assertSame(refusal, Failures.cause(joined));
    }

    @Test
    void aFailedFutureComposedIntoAnotherRelaysItsWrapperWithNoTrace() {
        TooManyAttemptsException refusal = new TooManyAttemptsException(Duration.ofSeconds(3));
        CompletableFuture<String> composed = CompletableFuture.completedFuture(1)
                .thenCompose(ignored -> Failures.<String>failed(refusal));

        CompletionException joined = assertThrows(CompletionException.class, composed::join);
        assertSame(refusal, joined.getCause());
        assertEquals(0, joined.getStackTrace().length, "the composed stage relayed the wrapper as it was");
    }

    @Test
    void anUnexpectedFailureReachesTheCallerWithTheTraceOfWhereItWasThrown() {
        CompletableFuture<String> answered = CompletableFuture.<String>supplyAsync(() -> {
            throw new IllegalStateException("bug");
        }, Runnable::run).handle((value, failure) -> {
            throw Failures.rethrowable(failure);
        });

        Throwable bug = assertThrows(CompletionException.class, answered::join).getCause();
        assertInstanceOf(IllegalStateException.class, bug);
        assertEquals(FailuresTest.class.getName(), bug.getStackTrace()[0].getClassName(),
                "the bug's own trace starts where it was thrown");
    }

    @Test
    void aPoolsRefusalBecomesOverloaded() {
        assertInstanceOf(OverloadedException.class, Failures.cause(new CompletionException(
                new RejectedExecutionException("full"))));
    }
}
