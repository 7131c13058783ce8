package io.netauth.core.internal;

import io.netauth.core.OverloadedException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;

/**
 * The one place where a failure that came through a future is unwrapped: the core classifies it with this,
 * and the server maps it to an answer with this. Not API.
 */
public final class Failures {

    private Failures() {
    }

    /**
     * The failure itself, without the {@link CompletionException} and {@link ExecutionException} layers that
     * futures add; a pool's refusal becomes the core's {@link OverloadedException}.
     */
    public static Throwable cause(Throwable failure) {
        Throwable cause = failure;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException)
                && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause instanceof RejectedExecutionException ? new OverloadedException("a pool") : cause;
    }

    /**
     * {@link #cause} wrapped to rethrow from inside a completion stage. The future passes a
     * {@link CompletionException} on as it is; anything else it wraps in a new one, whose stack trace (the
     * stage's, 60 frames of the pool) it fills in: under a login flood, 8 % of what the server allocated went
     * to refusals' traces nobody reads. The cause keeps its own trace.
     */
    public static CompletionException rethrowable(Throwable failure) {
        return new Rethrown(cause(failure));
    }

    /**
     * A future failed with {@code failure}, already wrapped as {@link #rethrowable} wraps it: a stage composed
     * on it relays that wrapper as it is, where it would wrap a bare failure again and fill in a trace.
     */
    public static <T> CompletableFuture<T> failed(Throwable failure) {
        return CompletableFuture.failedFuture(new Rethrown(failure));
    }

    private static final class Rethrown extends CompletionException {

        private static final long serialVersionUID = 1L;

        Rethrown(Throwable cause) {
            super(cause);
        }

        @Override
        public synchronized Throwable fillInStackTrace() {
            return this;
        }
    }
}
