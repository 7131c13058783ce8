package io.netauth.core;

import io.netauth.core.config.CoreSettings;
import io.netauth.core.config.Settings;
import io.netauth.core.internal.Failures;
import io.netauth.core.internal.LogSafe;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.spi.LoggingEventBuilder;

/**
 * One line per login, refresh and administrative change on the {@code netauth.audit} logger: the outcome, the
 * account and the client address; never a password or a token. A username that names an account is written as
 * typed (normalised, and escaped so that it cannot forge a line); one that names no account, or that was never
 * looked up (a throttled or refused attempt), is written as {@code #} and 16 hex digits of its HMAC-SHA256
 * under {@code audit-key}: people type their password into the username field, and the log must not keep it,
 * while repeated attempts with one name still show the same digest. Counts the outcomes too. Thread-safe.
 */
final class LoginAudit {

    private static final Logger audit = LoggerFactory.getLogger("netauth.audit");
    private static final String HMAC = "HmacSHA256";
    private static final String REFUSED = "refused=";
    private static final String CLIENT = " client=";
    /** The client of a change made by a command on the server's machine. */
    private static final String LOCAL = "local";

    private final LoginOutcomes outcomes = new LoginOutcomes();
    private final ThreadLocal<Mac> digests;

    LoginAudit(Settings settings) {
        String configured = settings.get(CoreSettings.AUDIT_KEY);
        byte[] key = new byte[32];
        if (configured.isEmpty()) {
            new SecureRandom().nextBytes(key);
        } else {
            key = configured.getBytes(StandardCharsets.UTF_8);
        }
        SecretKeySpec secret = new SecretKeySpec(key, HMAC);
        this.digests = ThreadLocal.withInitial(() -> {
            try {
                Mac mac = Mac.getInstance(HMAC);
                mac.init(secret);
                return mac;
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("every JDK has " + HMAC, e);
            }
        });
    }

    /** How a username appears in the audit log: as typed when it names an account, else as its keyed digest. */
    String name(String normalizedUsername, boolean namesAnAccount) {
        if (namesAnAccount) {
            return '"' + LogSafe.text(normalizedUsername) + '"';
        }
        byte[] digest = digests.get().doFinal(normalizedUsername.getBytes(StandardCharsets.UTF_8));
        return '#' + HexFormat.of().formatHex(digest, 0, 8);
    }

    private static String unquoted(String name) {
        return name.startsWith("\"") ? name.substring(1, name.length() - 1) : name;
    }

    LoginOutcomes outcomes() {
        return outcomes;
    }

    void login(LoginOutcome outcome, String normalizedUsername, boolean namesAnAccount, String client) {
        outcomes.login(outcome);
        if (audit.isInfoEnabled()) {
            String user = name(normalizedUsername, namesAnAccount);
            // The fields again as key-value pairs: a JSON log (log-format=json) carries them as fields, the name
            // without the quotes the text line puts around it.
            audit.atInfo().addKeyValue("event", "login").addKeyValue("outcome", outcome.label())
                    .addKeyValue("user", unquoted(user)).addKeyValue("client", client)
                    .log("login outcome={} user={} client={}", outcome.label(), user, client);
        }
    }

    /**
     * One line per second step of a login (its code or recovery code), counted with the logins: a login with a
     * second factor counts {@code mfa_required}, then the outcome of its second step.
     */
    void secondStep(LoginOutcome outcome, String client) {
        outcomes.login(outcome);
        audit.atInfo().addKeyValue("event", "login_second_step").addKeyValue("outcome", outcome.label())
                .addKeyValue("client", client).log("login_second_step outcome={} client={}", outcome.label(), client);
    }

    /** One line per refresh outcome, with the reason of a refusal (such as {@code reused} or {@code expired}). */
    void refresh(String client, Throwable failure) {
        outcomes.refresh(failure == null);
        if (!audit.isInfoEnabled()) {
            return;
        }
        Throwable cause = failure == null ? null : Failures.cause(failure);
        if (cause instanceof InvalidTokenException invalid) {
            audit.atInfo().addKeyValue("event", "refresh").addKeyValue("outcome", "invalid_token")
                    .addKeyValue("reason", invalid.reason()).addKeyValue("client", client)
                    .log("refresh outcome=invalid_token reason={} client={}", invalid.reason(), client);
        } else {
            String label = LoginOutcome.of(cause).label();
            audit.atInfo().addKeyValue("event", "refresh").addKeyValue("outcome", label)
                    .addKeyValue("client", client).log("refresh outcome={} client={}", label, client);
        }
    }

    /**
     * An administrative change to a user, with who made it. {@code action} is its name, optionally followed by a
     * space and a detail ({@code set_roles [ops]}); a detail {@code refused=<reason>} marks a change that was
     * refused. {@code by} is who asked ({@code self}, {@code cli}, or an admin as {@code <subject> (<name>)}),
     * optionally followed by {@code client=<address>}. The text line keeps them as given; the key-value pairs
     * split them into the fields every audit event shares (README, Audit log).
     */
    static void admin(String action, String username, String by) {
        String user = LogSafe.text(username);
        int space = action.indexOf(' ');
        String name = space < 0 ? action : action.substring(0, space);
        String detail = space < 0 ? null : action.substring(space + 1);
        boolean refused = detail != null && detail.startsWith(REFUSED);
        int at = by.indexOf(CLIENT);
        String actor = at < 0 ? by : by.substring(0, at);
        String client = at < 0 ? LOCAL : by.substring(at + CLIENT.length());
        LoggingEventBuilder line = audit.atInfo().addKeyValue("event", "admin")
                .addKeyValue("outcome", refused ? "refused" : "success").addKeyValue("user", user)
                .addKeyValue("client", client).addKeyValue("action", name).addKeyValue("by", actor);
        if (refused) {
            line = line.addKeyValue("reason", detail.substring(REFUSED.length()));
        } else if (detail != null) {
            line = line.addKeyValue("detail", detail);
        }
        line.log("admin action={} user=\"{}\" by={}", action, user, by);
    }
}
