package io.netauth.core;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * Live counts of login outcomes and refreshes since start, for metrics and alerts. Thread-safe; reading never
 * blocks the writers.
 */
public final class LoginOutcomes {

    private final Map<LoginOutcome, LongAdder> logins = new EnumMap<>(LoginOutcome.class);
    private final LongAdder refreshed = new LongAdder();
    private final LongAdder refused = new LongAdder();

    LoginOutcomes() {
        for (LoginOutcome outcome : LoginOutcome.values()) {
            logins.put(outcome, new LongAdder());
        }
    }

    /** Logins that ended with {@code outcome}. */
    public long count(LoginOutcome outcome) {
        return logins.get(outcome).sum();
    }

    /** Refreshes that succeeded ({@code true}) or were refused. */
    public long refreshes(boolean succeeded) {
        return (succeeded ? refreshed : refused).sum();
    }

    void login(LoginOutcome outcome) {
        logins.get(outcome).increment();
    }

    void refresh(boolean succeeded) {
        (succeeded ? refreshed : refused).increment();
    }

    @Override
    public String toString() {
        StringBuilder out = new StringBuilder("LoginOutcomes[");
        for (LoginOutcome outcome : LoginOutcome.values()) {
            out.append(outcome.label()).append('=').append(count(outcome)).append(", ");
        }
        return out.append("refreshed=").append(refreshes(true)).append(", refused=").append(refreshes(false))
                .append(']').toString();
    }
}
