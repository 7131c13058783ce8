package io.netauth.core.internal;

import io.netauth.core.OverloadedException;
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

    /** {@link #cause} as an unchecked exception to rethrow from inside a completion stage. */
    public static RuntimeException rethrowable(Throwable failure) {
        Throwable cause = cause(failure);
        return cause instanceof RuntimeException runtime ? runtime : new CompletionException(cause);
    }
}
