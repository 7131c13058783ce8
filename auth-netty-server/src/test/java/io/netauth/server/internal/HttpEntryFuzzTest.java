package io.netauth.server.internal;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.netauth.core.jdbc.AuthDatabase;
import io.netauth.core.testing.TestDatabases;
import io.netauth.core.token.JwtTokens;
import io.netauth.server.AuthServerConfig;
import io.netauth.server.testing.LogCapture;
import io.netauth.server.testing.RunningServer;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * Coverage-guided fuzzing of the HTTP entry point: raw bytes, shaped around a request to one of the server's
 * paths, through the server's whole pipeline and real endpoints in an {@link EmbeddedChannel}. The blocking
 * and hashing steps run inline (on the test thread) so that each input is answered before the next. Every
 * whole request must be answered with a well-formed response that is not a 500, or the connection closed (the
 * admin API's bodies included, sent with an admin's token, so that a limit the database would meet first shows as
 * a 500 or a 503 here); no
 * exception may reach Netty or the log as an unexpected failure; and no buffer may be left unreleased.
 */
class HttpEntryFuzzTest {

    private static final String[] PATHS = {"/auth", "/auth/refresh", "/auth/logout", "/auth/verify",
        "/.well-known/jwks.json", "/nowhere", "/oauth2/token", "/oauth2/introspect", "/oauth2/revoke",
        "/.well-known/oauth-authorization-server", "/.well-known/openid-configuration", "/oauth2/authorize",
        "/oauth2/consent", "/oauth2/userinfo", "/oauth2/logout", "/login",
        // The admin API's bodies, with an admin's token when the input asks for one.
        "/admin/users", "/admin/users/alice", "/admin/users/alice/roles", "/admin/users/alice/password",
        "/admin/users/alice/email", "/admin/users/alice/disable", "/admin/clients", "/admin/clients/shop/pkce"};
    /** An admin's access token, so that admin requests reach their bodies' parsing. */
    private static String adminToken;
    private static AuthDatabase database;
    private static ServerAssembly assembly;
    private static AuthServerInitializer initializer;
    private static LogCapture logs;

    @BeforeAll
    static void start() {
        database = AuthDatabase.open(TestDatabases.h2Memory(), RunningServer.TEST_SECRETS);
        database.userDirectory().createUser("alice", RunningServer.FAST_HASHER.hash("correct horse"), List.of());
        io.netauth.core.UserAccount root = database.userDirectory().createUser("root",
                RunningServer.FAST_HASHER.hash("root password"), List.of("admin"));
        adminToken = JwtTokens.builder().build(database.signingKeyStore()).signer()
                .issue(root, List.of("pwd")).value();
        AuthServerConfig config = AuthServerConfig.builder().adminApi(true, "admin").build();
        // The server's own wiring, on pools that run each task inline so that every input is answered at once.
        assembly = new ServerAssembly(new ServerAssembly.Parts(config, database.credentialStore(),
                RunningServer.FAST_HASHER, JwtTokens.builder().build(database.signingKeyStore()),
                database.refreshTokenStore(), Clock.systemUTC(), null, database.userDirectory(), null, Map.of(),
                database.clientStore(), database.changeStore(), database.mfaStore(), database.sessionStore(),
                database.oidcStore()),
                new InlinePools(), new IdleScheduler());
        initializer = new AuthServerInitializer(config, assembly.router(),
                new DefaultChannelGroup(GlobalEventExecutor.INSTANCE), null);
        logs = LogCapture.start();
    }

    @AfterAll
    static void stop() {
        logs.close();
        assembly.close();
        database.close();
    }

    /**
     * Whether the bytes hold a whole request for the server to answer: without a declared body the head is
     * enough; with one, the declared bytes must have arrived. Anything else may rightly wait for more bytes.
     */
    private static boolean requestIsComplete(byte[] head, byte[] body) {
        String text = new String(head, StandardCharsets.ISO_8859_1).toLowerCase(java.util.Locale.ROOT);
        if (text.contains("transfer-encoding")) {
            return false;
        }
        java.util.regex.Matcher length = java.util.regex.Pattern.compile("\r\ncontent-length:\\s*(\\d{1,9})\\s*\r\n")
                .matcher(text);
        if (!length.find()) {
            return !text.contains("content-length");
        }
        return Integer.parseInt(length.group(1)) <= body.length;
    }

    /** Each task runs at once on the caller's thread, and there is always room. */
    private static final class InlinePools implements ServerAssembly.Pools {
        @Override
        public Executor blockingExecutor() {
            return Runnable::run;
        }

        @Override
        public Executor hashingExecutor() {
            return Runnable::run;
        }

        @Override
        public boolean hashingHasRoom() {
            return true;
        }
    }

    /** Background tasks never run during fuzzing. */
    private static final class IdleScheduler implements Maintenance.Scheduler {
        @Override
        public void every(java.time.Duration interval, Runnable task) {
        }

        @Override
        public void close() {
        }
    }

    @FuzzTest(maxDuration = "20s")
    void anyRequestGetsAWellFormedAnswerThatIsNot500(FuzzedDataProvider data) {
        String method = data.pickValue(new String[] {"GET", "POST", "HEAD", "PUT", "DELETE", "OPTIONS"});
        String path = data.pickValue(PATHS);
        String headers = (path.startsWith("/admin/") && data.consumeBoolean()
                ? "Authorization: Bearer " + adminToken + "\r\nContent-Type: application/json\r\n" : "")
                + data.consumeString(300);
        byte[] body = data.consumeRemainingAsBytes();
        byte[] head = (method + " " + path + " HTTP/1.1\r\nHost: x\r\n" + headers + "\r\n\r\n")
                .getBytes(StandardCharsets.ISO_8859_1);

        EmbeddedChannel channel = new EmbeddedChannel(initializer);
        String answer;
        boolean open;
        try {
            channel.writeInbound(Unpooled.wrappedBuffer(head));
            if (channel.isOpen() && body.length > 0) {
                channel.writeInbound(Unpooled.wrappedBuffer(body));
            }
            channel.runPendingTasks();
            StringBuilder out = new StringBuilder();
            for (ByteBuf chunk = channel.readOutbound(); chunk != null; chunk = channel.readOutbound()) {
                out.append(chunk.toString(StandardCharsets.ISO_8859_1));
                chunk.release();
            }
            answer = out.toString();
            open = channel.isOpen();
            channel.checkException();
        } finally {
            // Once the server closes a connection in the middle of a read, Netty tears the pipeline down, and
            // the codec's closing empty LastHttpContent of that read goes straight to the tail (a real channel's
            // tail releases it). That is the only thing allowed to be left over.
            boolean closedMidRead = !channel.isOpen();
            channel.inboundMessages().removeIf(m -> closedMidRead && m instanceof LastHttpContent last
                    && last.content().readableBytes() == 0);
            String left = "in " + channel.inboundMessages() + ", out " + channel.outboundMessages();
            assertFalse(channel.finishAndReleaseAll(), "a message was left in the pipeline: " + left);
        }
        // Every input is answered, or the connection is closed: a request left hanging fails here.
        boolean complete = requestIsComplete(head, body);
        if (answer.isEmpty()) {
            assertFalse(open && complete, "a whole request was neither answered nor refused");
        } else {
            assertTrue(answer.startsWith("HTTP/1.1 "), answer);
            assertFalse(answer.contains("HTTP/1.1 500"), answer);
            // An admin request the database cannot take is the request's fault: never an outage to retry.
            assertFalse(path.startsWith("/admin/") && answer.contains("HTTP/1.1 503"), answer);
        }
        assertFalse(logs.text().contains("Unexpected failure"), logs.text());
    }
}
