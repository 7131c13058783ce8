package io.netauth.runner;

import java.io.PrintWriter;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Map;
import picocli.CommandLine;

/**
 * Reads every command line but the server's start with nothing but settings: the subcommands, help, version
 * and usage errors, through picocli. Apart from {@link Main} so that such a start loads none of picocli.
 */
final class PicocliCommands {

    private PicocliCommands() {
    }

    /** Parses and runs {@code args}, and answers the exit code. */
    static int execute(String[] args, Map<String, String> env, PrintWriter out, PrintWriter err) {
        ConfigOptions options = new ConfigOptions();
        CommandLine cli = root(options, env, out, err);
        options.addTo(cli, new HashSet<>(Arrays.asList(args)));
        cli.setOut(out);
        cli.setErr(err);
        cli.setExecutionExceptionHandler(new ExitCodes(err));
        return cli.execute(args);
    }

    /** The root command, the server, with the subcommands made by a factory that shares {@code options}. */
    static CommandLine root(ConfigOptions options, Map<String, String> env, PrintWriter out, PrintWriter err) {
        return new CommandLine(new Main(options.given(), env), new CommandFactory(options, env, out, err));
    }

    /**
     * A known failure is one line and an exit code; anything else is a bug and keeps its stack trace. A class,
     * not a lambda: picocli's interfaces are too old a class format for the class-data archive, so a lambda
     * of one would be spun at every run (80 ms, the first lambda made at run time).
     */
    private static final class ExitCodes implements CommandLine.IExecutionExceptionHandler {

        private final PrintWriter err;

        ExitCodes(PrintWriter err) {
            this.err = err;
        }

        @Override
        public int handleExecutionException(Exception e, CommandLine command, CommandLine.ParseResult parsed)
                throws Exception {
            int code = Main.knownFailure(e, err);
            if (code < 0) {
                throw e;
            }
            return code;
        }
    }

    /** Gives every command the shared options, environment and streams. */
    private record CommandFactory(ConfigOptions options, Map<String, String> env, PrintWriter out,
            PrintWriter err) implements CommandLine.IFactory {
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
