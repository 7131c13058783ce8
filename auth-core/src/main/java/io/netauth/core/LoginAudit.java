package io.netauth.core;

import io.netauth.core.internal.Failures;
import io.netauth.core.internal.LogSafe;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One line per login, refresh and administrative change on the {@code netauth.audit} logger: the outcome, the
 * normalised username (escaped, so that it cannot forge a line) and the client address; never a password or a
 * token. Counts the outcomes too. Thread-safe.
 */
final class LoginAudit {

    private static final Logger audit = LoggerFactory.getLogger("netauth.audit");

    private final LoginOutcomes outcomes = new LoginOutcomes();

    LoginOutcomes outcomes() {
        return outcomes;
    }

    void login(LoginOutcome outcome, String normalizedUsername, String client) {
        outcomes.login(outcome);
        if (audit.isInfoEnabled()) {
            audit.info("login outcome={} user=\"{}\" client={}", outcome.label(), LogSafe.text(normalizedUsername),
                    client);
        }
    }

    /** One line per refresh outcome, with the reason of a refusal (such as {@code reused} or {@code expired}). */
    void refresh(String client, Throwable failure) {
        outcomes.refresh(failure == null);
        if (!audit.isInfoEnabled()) {
            return;
        }
        Throwable cause = failure == null ? null : Failures.cause(failure);
        if (cause instanceof InvalidTokenException invalid) {
            audit.info("refresh outcome=invalid_token reason={} client={}", invalid.reason(), client);
        } else {
            audit.info("refresh outcome={} client={}", LoginOutcome.of(cause).label(), client);
        }
    }

    /** An administrative change to a user, with who made it. */
    static void admin(String action, String username, String by) {
        audit.info("admin action={} user=\"{}\" by={}", action, LogSafe.text(username), by);
    }
}
