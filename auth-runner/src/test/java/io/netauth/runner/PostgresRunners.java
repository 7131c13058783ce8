package io.netauth.runner;

import io.netauth.core.secret.SecretKeys;
import io.netauth.core.testing.TestDatabases;
import java.util.ArrayList;
import java.util.List;

/**
 * Runner processes on one fresh PostgreSQL schema, as the two-process tests start them: every process and command
 * is given the schema and a key-encryption key; closing stops the processes still running and drops the schema.
 */
final class PostgresRunners implements AutoCloseable {

    /** The key every process is given unless a test names others. */
    final String secretsKey = SecretKeys.generateKey();
    private final TestDatabases.PostgresSchema schema = TestDatabases.postgresSchema();
    private final List<RunnerProcess> processes = new ArrayList<>();

    /** The database flags, with {@code keys} as {@code --secrets-keys}. */
    List<String> db(String keys) {
        return List.of("--db-url", schema.settings().url(), "--db-user", TestDatabases.POSTGRES_USER,
                "--secrets-keys", keys);
    }

    List<String> db() {
        return db(secretsKey);
    }

    /** Runs a command ({@code users add ...}) on the database; answers its exit code. */
    int cli(String stdin, String... command) throws Exception {
        List<String> args = new ArrayList<>(List.of(command));
        args.addAll(db());
        return RunnerProcess.cli(stdin, args);
    }

    /** Runs a command on the database; answers its exit code and what it printed. */
    RunnerProcess.Cli run(String stdin, String... command) throws Exception {
        List<String> args = new ArrayList<>(List.of(command));
        args.addAll(db());
        return RunnerProcess.run(stdin, args);
    }

    /** Starts a server on {@code port} with the flags given, and waits until it listens. */
    RunnerProcess startOnPort(int port, String... flags) throws Exception {
        List<String> args = new ArrayList<>(List.of("--port", Integer.toString(port), "--host", "127.0.0.1"));
        args.addAll(List.of(flags));
        args.addAll(db());
        RunnerProcess server = new RunnerProcess(args);
        processes.add(server);
        server.awaitPort();
        return server;
    }

    /** Starts a server on a free port with {@code keys} and the flags given, and waits until it listens. */
    RunnerProcess startWithKeys(String keys, String... flags) throws Exception {
        List<String> args = new ArrayList<>(List.of("--port", "0", "--host", "127.0.0.1"));
        args.addAll(List.of(flags));
        args.addAll(db(keys));
        RunnerProcess server = new RunnerProcess(args);
        processes.add(server);
        server.awaitPort();
        return server;
    }

    RunnerProcess start(String... flags) throws Exception {
        return startWithKeys(secretsKey, flags);
    }

    /** A {@code kill -9} of one process, which is then no longer stopped at the end. */
    void kill(RunnerProcess process) throws InterruptedException {
        process.kill();
        processes.remove(process);
    }

    /** Stops every process still running (SIGTERM), keeping the schema. */
    void stopAll() throws InterruptedException {
        for (RunnerProcess p : processes) {
            p.close();
        }
        processes.clear();
    }

    @Override
    public void close() throws InterruptedException {
        stopAll();
        schema.close();
    }
}
