package io.netauth.runner.internal;

import ch.qos.logback.classic.AsyncAppender;
import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ConfiguratorRank;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.spi.ContextAwareBase;
import org.slf4j.Logger;

/**
 * The runner's logging, set up in code: parsing a {@code logback.xml} loads an XML parser and a few hundred
 * classes, a tenth of the server's start-up. Lines go to the console through an asynchronous appender that
 * never blocks, because event loops log too (a throttled login, for one); when its queue is full, lines are
 * dropped rather than an event loop stalled. The audit log ({@value #AUDIT_LOGGER}) has a queue of its own that
 * never drops: a flood of other lines cannot crowd it out, and when the console cannot keep up with audit lines
 * themselves, the thread that writes one waits for room. Both queues end in the same console appender. A file
 * named by {@code -Dlogback.configurationFile} replaces all of this. Found by Logback through
 * {@code META-INF/services}; not API.
 */
@ConfiguratorRank(ConfiguratorRank.CUSTOM_NORMAL_PRIORITY)
public final class LogbackSetup extends ContextAwareBase implements Configurator {

    static final String PATTERN = "%d{yyyy-MM-dd'T'HH:mm:ss.SSSXXX} %-5level [%thread] %logger{20} - %msg%n";
    static final int QUEUE = 8192;
    static final String AUDIT_LOGGER = "netauth.audit";
    static final int AUDIT_QUEUE = 8192;

    /**
     * Switches the console to one JSON object per line ({@code log-format=json}), with Logback's own encoder: the
     * audit events' key-value pairs become fields. Does nothing under a {@code logback.xml} of the operator's.
     */
    public static void writeJson() {
        if (!(org.slf4j.LoggerFactory.getILoggerFactory() instanceof LoggerContext context)
                || !(context.getLogger(Logger.ROOT_LOGGER_NAME).getAppender("ASYNC") instanceof AsyncAppender async)
                || !(async.getAppender("CONSOLE") instanceof ConsoleAppender<ILoggingEvent> console)) {
            return;
        }
        JsonEncoder json = new JsonEncoder();
        json.setContext(context);
        // The message as people read it, not its pattern and arguments apart; no fields a reader does not need.
        json.setWithFormattedMessage(true);
        json.setWithMessage(false);
        json.setWithArguments(false);
        json.setWithSequenceNumber(false);
        json.setWithNanoseconds(false);
        json.setWithContext(false);
        json.start();
        console.stop();
        console.setEncoder(json);
        console.start();
    }

    @Override
    public ExecutionStatus configure(LoggerContext context) {
        if (System.getProperty("logback.configurationFile") != null) {
            return ExecutionStatus.INVOKE_NEXT_IF_ANY;
        }
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern(PATTERN);
        encoder.start();
        ConsoleAppender<ILoggingEvent> console = new ConsoleAppender<>();
        console.setContext(context);
        console.setName("CONSOLE");
        console.setEncoder(encoder);
        console.start();
        AsyncAppender async = new AsyncAppender();
        async.setContext(context);
        async.setName("ASYNC");
        async.setQueueSize(QUEUE);
        async.setDiscardingThreshold(0);
        async.setNeverBlock(true);
        async.addAppender(console);
        async.start();
        AsyncAppender audit = new AsyncAppender();
        audit.setContext(context);
        audit.setName("AUDIT");
        audit.setQueueSize(AUDIT_QUEUE);
        audit.setDiscardingThreshold(0); // keeps INFO lines when the queue fills, which the default would drop
        audit.setNeverBlock(false);
        audit.addAppender(console);
        audit.start();
        ch.qos.logback.classic.Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.INFO);
        root.addAppender(async);
        ch.qos.logback.classic.Logger auditLogger = context.getLogger(AUDIT_LOGGER);
        auditLogger.addAppender(audit);
        auditLogger.setAdditive(false);
        for (String quiet : new String[] {"org.flywaydb", "com.zaxxer.hikari", "io.netty"}) {
            context.getLogger(quiet).setLevel(Level.WARN);
        }
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }
}
