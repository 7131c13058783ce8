package io.netauth.runner;

import ch.qos.logback.classic.LoggerContext;
import io.netauth.core.StoreUnavailableException;
import io.netauth.core.config.InvalidSettingException;
import io.netauth.server.ServerStartException;
import java.io.PrintWriter;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code java -jar auth-runner.jar [options]} serves; {@code users ...} and {@code keys ...} administer the
 * same database. Every option is also an {@code AUTH_*} variable and a key of the {@code --config} file.
 */
@Command(name = "auth-runner", mixinStandardHelpOptions = true, version = "netauth 0.1.0",
        description = "Serves logins over HTTP (the default), or administers users and keys.",
        subcommands = {UsersCommand.class, KeysCommand.class, ClientsCommand.class, ConfigTemplateCommand.class})
public final class Main implements Callable<Integer> {

    private final ConfigOptions options;
    private final Map<String, String> env;
    private final CountDownLatch stopped = new CountDownLatch(1);

    Main(ConfigOptions options, Map<String, String> env) {
        this.options = options;
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
        ConfigOptions options = new ConfigOptions();
        CommandLine cli = new CommandLine(new Main(options, env), new CommandFactory(options, env, out, err));
        options.addTo(cli, new java.util.HashSet<>(java.util.Arrays.asList(args)));
        cli.setOut(out);
        cli.setErr(err);
        cli.setExecutionExceptionHandler(new ExitCodes(err));
        return cli.execute(args);
    }

    @Override
    public Integer call() throws InterruptedException {
        RunnerConfig config = RunnerConfig.load(options.given(), env);
        if (config.jsonLogs()) {
            io.netauth.runner.internal.LogbackSetup.writeJson();
        }
        AuthApplication application = AuthApplication.start(config);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            application.close();
            // Logging is asynchronous: drain the queue before the JVM goes.
            if (LoggerFactory.getILoggerFactory() instanceof LoggerContext logback) {
                logback.stop();
            }
            stopped.countDown();
        }, "netauth-shutdown"));
        stopped.await();
        return 0;
    }

    /**
     * A known failure is one line and an exit code; anything else is a bug and keeps its stack trace. A class,
     * not a lambda: picocli's interfaces are too old a class format for the class-data archive, so a lambda
     * of one would be spun at every start (80 ms, the first lambda made at run time).
     */
    private static final class ExitCodes implements CommandLine.IExecutionExceptionHandler {

        private final PrintWriter err;

        ExitCodes(PrintWriter err) {
            this.err = err;
        }

        @Override
        public int handleExecutionException(Exception e, CommandLine command, CommandLine.ParseResult parsed)
                throws Exception {
            if (e instanceof ConfigException || e instanceof CommandFailedException
                    || e instanceof InvalidSettingException || e instanceof io.netauth.core.secret.SecretKeyException) {
                err.println("error: " + e.getMessage());
                return 2;
            }
            if (e instanceof ServerStartException || e instanceof StoreUnavailableException) {
                err.println("error: " + e.getMessage());
                return 1;
            }
            throw e;
        }
    }

    /** Gives every command the shared options, environment and streams. */
    private record CommandFactory(ConfigOptions options, Map<String, String> env, PrintWriter out, PrintWriter err)
            implements CommandLine.IFactory {
        @Override
        public <K> K create(Class<K> type) throws Exception {
            if (type == UsersCommand.class) {
                return type.cast(new UsersCommand(options, env, out));
            }
            if (type == KeysCommand.class) {
                return type.cast(new KeysCommand(options, env, out));
            }
            if (type == ClientsCommand.class) {
                return type.cast(new ClientsCommand(options, env, out));
            }
            if (type == ConfigTemplateCommand.class) {
                return type.cast(new ConfigTemplateCommand(out));
            }
            return CommandLine.defaultFactory().create(type);
        }
    }
}
