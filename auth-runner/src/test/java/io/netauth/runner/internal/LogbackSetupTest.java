package io.netauth.runner.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.AsyncAppender;
import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.core.ConsoleAppender;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;

class LogbackSetupTest {

    @Test
    void logbackFindsIt() {
        assertTrue(ServiceLoader.load(Configurator.class).stream()
                .anyMatch(p -> p.type() == LogbackSetup.class));
    }

    @Test
    void consoleThroughAnAppenderThatNeverBlocks() {
        LoggerContext context = new LoggerContext();
        LogbackSetup setup = new LogbackSetup();
        setup.setContext(context);
        assertEquals(Configurator.ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY, setup.configure(context));
        ch.qos.logback.classic.Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        assertEquals(Level.INFO, root.getLevel());
        AsyncAppender async = assertInstanceOf(AsyncAppender.class, root.getAppender("ASYNC"));
        assertTrue(async.isStarted());
        assertTrue(async.isNeverBlock());
        assertEquals(LogbackSetup.QUEUE, async.getQueueSize());
        assertEquals(0, async.getDiscardingThreshold());
        assertTrue(async.getAppender("CONSOLE") instanceof ConsoleAppender<?> console && console.isStarted());
        assertEquals(Level.WARN, context.getLogger("io.netty").getLevel());
        assertNull(context.getLogger("netauth.audit").getLevel(), "the audit log inherits INFO");
        context.stop();
    }

    /** A flood of other lines fills only their own queue, which drops; the audit queue waits instead. */
    @Test
    void auditLinesHaveTheirOwnQueueThatNeverDrops() {
        LoggerContext context = new LoggerContext();
        LogbackSetup setup = new LogbackSetup();
        setup.setContext(context);
        setup.configure(context);
        ch.qos.logback.classic.Logger audit = context.getLogger("netauth.audit");
        assertFalse(audit.isAdditive(), "audit lines do not also go through the queue that drops");
        AsyncAppender queue = assertInstanceOf(AsyncAppender.class, audit.getAppender("AUDIT"));
        assertTrue(queue.isStarted());
        assertFalse(queue.isNeverBlock());
        assertEquals(0, queue.getDiscardingThreshold());
        AsyncAppender other = (AsyncAppender) context.getLogger(Logger.ROOT_LOGGER_NAME).getAppender("ASYNC");
        assertTrue(queue.getAppender("CONSOLE") == other.getAppender("CONSOLE"), "one console, one format");
        context.stop();
    }

    @Test
    void aConfigurationFileOfTheOperatorsWins() {
        System.setProperty("logback.configurationFile", "elsewhere.xml");
        try {
            LoggerContext context = new LoggerContext();
            LogbackSetup setup = new LogbackSetup();
            setup.setContext(context);
            assertEquals(Configurator.ExecutionStatus.INVOKE_NEXT_IF_ANY, setup.configure(context));
            assertFalse(context.getLogger(Logger.ROOT_LOGGER_NAME).iteratorForAppenders().hasNext());
        } finally {
            System.clearProperty("logback.configurationFile");
        }
    }
}
