package io.netauth.server.internal;

import io.netauth.core.InvalidCredentialsException;
import io.netauth.core.InvalidTokenException;
import io.netauth.core.OverloadedException;
import io.netauth.core.StoreUnavailableException;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One log line per login and refresh outcome on the {@code netauth.audit} logger: the outcome, the normalised
 * username (escaped, so that it cannot forge a line) and the client address; never the password or a token.
 * Also counts login outcomes, for metrics. Thread-safe. Not API.
 */
public final class LoginAudit {

    private static final Logger audit = LoggerFactory.getLogger("netauth.audit");

    /** What became of a login. */
    public enum Outcome {
        SUCCESS, INVALID_CREDENTIALS, THROTTLED, OVERLOADED, UNAVAILABLE, ERROR;

        static Outcome of(Throwable cause) {
            if (cause == null) {
                return SUCCESS;
            }
            if (cause instanceof InvalidCredentialsException) {
                return INVALID_CREDENTIALS;
            }
            if (cause instanceof OverloadedException) {
                return OVERLOADED;
            }
            if (cause instanceof StoreUnavailableException) {
                return UNAVAILABLE;
            }
            return ERROR;
        }

        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    private final Map<Outcome, LongAdder> logins = new EnumMap<>(Outcome.class);
    private final LongAdder refreshed = new LongAdder();
    private final LongAdder refused = new LongAdder();

    public LoginAudit() {
        for (Outcome outcome : Outcome.values()) {
            logins.put(outcome, new LongAdder());
        }
    }

    public void login(Outcome outcome, String normalizedUsername, String client) {
        logins.get(outcome).increment();
        if (audit.isInfoEnabled()) {
            audit.info("login outcome={} user=\"{}\" client={}", outcome.label(), LogSafe.text(normalizedUsername),
                    client);
        }
    }

    /** Login outcomes counted since start. */
    public long count(Outcome outcome) {
        return logins.get(outcome).sum();
    }

    /** Refreshes since start that succeeded ({@code true}) or were refused. */
    public long refreshes(boolean succeeded) {
        return (succeeded ? refreshed : refused).sum();
    }

    /** One line per refresh outcome, with the reason of a refusal (such as {@code reused} or {@code expired}). */
    public void refresh(String client, Throwable failure) {
        (failure == null ? refreshed : refused).increment();
        if (!audit.isInfoEnabled()) {
            return;
        }
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                ? failure.getCause() : failure;
        if (cause instanceof InvalidTokenException invalid) {
            audit.info("refresh outcome=invalid_token reason={} client={}", invalid.reason(), client);
        } else {
            audit.info("refresh outcome={} client={}", Outcome.of(cause).label(), client);
        }
    }
}
