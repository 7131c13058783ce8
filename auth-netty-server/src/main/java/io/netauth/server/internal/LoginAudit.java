package io.netauth.server.internal;

import io.netauth.core.InvalidCredentialsException;
import io.netauth.core.InvalidTokenException;
import io.netauth.core.OverloadedException;
import io.netauth.core.StoreUnavailableException;
import io.netauth.core.Usernames;
import io.netty.channel.ChannelHandlerContext;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.concurrent.CompletionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One log line per login and refresh outcome on the {@code netauth.audit} logger: the outcome, the normalised username
 * (escaped, so that it cannot forge a line) and the client address; never the password or the token.
 * Stateless and thread-safe. Not API.
 */
public final class LoginAudit {

    private static final Logger audit = LoggerFactory.getLogger("netauth.audit");

    public String clientOf(ChannelHandlerContext ctx) {
        SocketAddress remote = ctx.channel().remoteAddress();
        if (remote instanceof InetSocketAddress inet && inet.getAddress() != null) {
            return inet.getAddress().getHostAddress();
        }
        return String.valueOf(remote);
    }

    public void record(String username, String client, Throwable failure) {
        if (!audit.isInfoEnabled()) {
            return;
        }
        audit.info("login outcome={} user=\"{}\" client={}", outcome(failure),
                LogSafe.text(Usernames.normalize(username)), client);
    }

    /** One line per refresh outcome, with the reason of a refusal (such as {@code reused} or {@code expired}). */
    public void recordRefresh(String client, Throwable failure) {
        if (!audit.isInfoEnabled()) {
            return;
        }
        Throwable cause = unwrap(failure);
        String reason = cause instanceof InvalidTokenException invalid ? " reason=" + invalid.reason() : "";
        audit.info("refresh outcome={}{} client={}", outcome(failure), reason, client);
    }

    private static Throwable unwrap(Throwable failure) {
        return failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
    }

    private static String outcome(Throwable failure) {
        Throwable cause = unwrap(failure);
        if (cause == null) {
            return "success";
        }
        if (cause instanceof InvalidTokenException) {
            return "invalid_token";
        }
        if (cause instanceof InvalidCredentialsException) {
            return "invalid_credentials";
        }
        if (cause instanceof OverloadedException) {
            return "overloaded";
        }
        if (cause instanceof StoreUnavailableException) {
            return "unavailable";
        }
        return "error";
    }
}
