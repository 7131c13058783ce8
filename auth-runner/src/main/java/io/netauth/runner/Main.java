package io.netauth.runner;

import ch.qos.logback.classic.LoggerContext;
import io.netauth.core.StoreUnavailableException;
import io.netauth.core.config.InvalidSettingException;
import io.netauth.core.config.Setting;
import io.netauth.core.secret.SecretKeyException;
import io.netauth.server.ServerStartException;
import java.io.PrintWriter;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;

/**
 * {@code java -jar auth-runner.jar [options]} serves; {@code users ...} and {@code keys ...} administer the
 * same database. Every option is also an {@code AUTH_*} variable and a key of the {@code --config} file.
 */
@Command(name = "auth-runner", mixinStandardHelpOptions = true, version = "netauth 0.1.0",
        description = "Serves logins over HTTP (the default), or administers users and keys.",
        subcommands = {UsersCommand.class, KeysCommand.class, ClientsCommand.class, ConfigTemplateCommand.class})
public final class Main implements Callable<Integer> {

    /** The subcommands' names, as their {@code @Command} annotations give them. */
    static final Set<String> COMMANDS = Set.of("users", "keys", "clients", "config-template");

    private final Map<Setting<?>, String> flags;
    private final Map<String, String> env;
    private final CountDownLatch stopped = new CountDownLatch(1);

    /** The server command, with the flags as they are given: picocli fills the map before it calls. */
    Main(Map<Setting<?>, String> flags, Map<String, String> env) {
        this.flags = flags;
        this.env = env;
    }

    public static void main(String[] args) {
        if (System.getProperty("io.netty.jfr.enabled") == null) {
            // Netty's allocator events would set up the flight recorder's type library at the first request
            // (50 ms of the start); no one records them unless they ask for it with this property.
            System.setProperty("io.netty.jfr.enabled", "false");
        }
        System.exit(run(args, System.getenv(), new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /** Runs a command line and answers its exit code; the server command returns only when stopped. */
    static int run(String[] args, Map<String, String> env, PrintWriter out, PrintWriter err) {
        // The server's start with nothing but settings, a service manager's line, never loads picocli's classes,
        // which are too old a class format for the class-data archive (ServerFlags).
        Map<Setting<?>, String> serverFlags = ServerFlags.read(args);
        if (serverFlags == null) {
            return PicocliCommands.execute(args, env, out, err);
        }
        try {
            return new Main(serverFlags, env).call();
        } catch (Exception e) {
            int code = knownFailure(e, err);
            if (code < 0) {
                e.printStackTrace(err); // a bug, as picocli reports one
                return 1;
            }
            return code;
        }
    }

    @Override
    public Integer call() throws InterruptedException {
        RunnerConfig config = RunnerConfig.load(flags, env);
        if (config.jsonLogs()) {
            io.netauth.runner.internal.LogbackSetup.writeJson();
        }
        AuthApplication application = AuthApplication.start(config);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            application.close();
            awaitJitBeforeArchive();
            // Logging is asynchronous: drain the queue before the JVM goes.
            if (LoggerFactory.getILoggerFactory() instanceof LoggerContext logback) {
                logback.stop();
            }
            stopped.countDown();
        }, "netauth-shutdown"));
        stopped.await();
        return 0;
    }

    /** When this run writes the class-data archive as it exits, lets the JIT empty its queue first. */
    private static void awaitJitBeforeArchive() {
        if (!JitQuiescence.needed()) {
            return;
        }
        Logger log = LoggerFactory.getLogger(Main.class);
        long start = System.nanoTime();
        try {
            if (JitQuiescence.await(JitQuiescence.LONGEST)) {
                log.info("the JIT's queue was empty after {} ms: writing the class-data archive",
                        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
            } else {
                log.warn("the JIT still had methods to compile after {} s: the class-data archive written now may "
                        + "keep them from being compiled; delete it (cds/, or NETAUTH_CDS_DIR) for the next run to "
                        + "write another", JitQuiescence.LONGEST.toSeconds());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Prints a known failure as one line and answers its exit code: 2 for a bad configuration or command, 1
     * for a server or database that cannot be reached. Anything else is a bug, answered -1, and keeps its stack
     * trace.
     */
    static int knownFailure(Exception e, PrintWriter err) {
        if (e instanceof ConfigException || e instanceof CommandFailedException
                || e instanceof InvalidSettingException || e instanceof SecretKeyException) {
            err.println("error: " + e.getMessage());
            return 2;
        }
        if (e instanceof ServerStartException || e instanceof StoreUnavailableException) {
            err.println("error: " + e.getMessage());
            return 1;
        }
        return -1;
    }
}
