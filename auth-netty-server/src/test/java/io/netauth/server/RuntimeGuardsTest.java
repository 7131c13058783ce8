package io.netauth.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netauth.server.testing.RuntimeGuards;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The guard that runs around every test class here is live: a blocking call on an event loop is caught. */
class RuntimeGuardsTest {

    @Test
    void aBlockingCallOnAnEventLoopIsCaught() throws Exception {
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        try {
            ExecutionException e = assertThrows(ExecutionException.class, () -> group.submit(() -> {
                Thread.sleep(1);
                return null;
            }).get(10, TimeUnit.SECONDS));
            assertTrue(e.getCause().getMessage().contains("Blocking call"), e.getCause().toString());
            List<String> caught = RuntimeGuards.takeBlockingCalls();
            assertEquals(1, caught.size(), caught.toString());
            assertTrue(caught.get(0).contains("sleep"), caught.get(0));
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }
}
