package io.netauth.server.internal;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.netauth.core.AuthenticationService;
import io.netauth.core.RefreshTokenRotation;
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
import io.netty.util.concurrent.GlobalEventExecutor;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.Executor;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * Coverage-guided fuzzing of the HTTP entry point: raw bytes, shaped around a request to one of the server's
 * paths, through the server's whole pipeline and real endpoints in an {@link EmbeddedChannel}. The blocking
 * and hashing steps run inline (on the test thread) so that each input is answered before the next. Every
 * input must be answered with a well-formed response that is not a 500 (or the connection closed), and no
 * exception may reach Netty or the log as an unexpected failure.
 */
class HttpEntryFuzzTest {

    private static final String[] PATHS = {"/auth", "/auth/refresh", "/auth/logout", "/auth/verify",
        "/.well-known/jwks.json", "/nowhere"};
    private static AuthDatabase database;
    private static AuthServerInitializer initializer;
    private static LogCapture logs;

    @BeforeAll
    static void start() {
        database = AuthDatabase.open(TestDatabases.h2Memory());
        database.credentialStore().createUser("alice", RunningServer.FAST_HASHER.hash("correct horse"), List.of());
        JwtTokens tokens = JwtTokens.builder().build(database.signingKeyStore());
        AuthServerConfig config = AuthServerConfig.builder().build();
        Executor inline = Runnable::run;
        RefreshTokenRotation refresh = new RefreshTokenRotation(database.refreshTokenStore(),
                config.refreshIdleLifetime(), config.refreshAbsoluteLifetime(), config.refreshReuseGrace(),
                Clock.systemUTC());
        AuthenticationService service = new AuthenticationService(database.credentialStore(),
                RunningServer.FAST_HASHER, tokens.tokenIssuer(), refresh, inline, inline);
        Router router = new Router(Routes.standard(config, service, tokens, new LoginAudit(),
                io.netauth.core.InMemoryLoginThrottle.withDefaults(), () -> true),
                new InFlightRequests(), null);
        initializer = new AuthServerInitializer(config, router,
                new DefaultChannelGroup(GlobalEventExecutor.INSTANCE), null);
        logs = LogCapture.start();
    }

    @AfterAll
    static void stop() {
        logs.close();
        database.close();
    }

    @FuzzTest(maxDuration = "20s")
    void anyRequestGetsAWellFormedAnswerThatIsNot500(FuzzedDataProvider data) {
        String method = data.pickValue(new String[] {"GET", "POST", "HEAD", "PUT", "DELETE", "OPTIONS"});
        String path = data.pickValue(PATHS);
        String headers = data.consumeString(300);
        byte[] body = data.consumeRemainingAsBytes();
        byte[] head = (method + " " + path + " HTTP/1.1\r\nHost: x\r\n" + headers + "\r\n\r\n")
                .getBytes(StandardCharsets.ISO_8859_1);

        EmbeddedChannel channel = new EmbeddedChannel(initializer);
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
            String answer = out.toString();
            if (!answer.isEmpty()) {
                assertTrue(answer.startsWith("HTTP/1.1 "), answer);
                assertFalse(answer.contains("HTTP/1.1 500"), answer);
            }
            channel.checkException();
        } finally {
            channel.finishAndReleaseAll();
        }
        assertFalse(logs.text().contains("Unexpected failure"), logs.text());
    }
}
