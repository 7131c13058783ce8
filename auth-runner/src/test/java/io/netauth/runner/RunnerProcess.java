package io.netauth.runner;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The executable jar in a process of its own, as a user runs it; its output lines are collected as they come. */
final class RunnerProcess implements AutoCloseable {

    private static final Pattern MANAGEMENT = Pattern.compile("Health and metrics on /?[^\\s]*:(\\d+)");
    private static final Pattern READY = Pattern.compile("netauth ready in \\d+ ms: listening on [^:]+:(\\d+) ");
    static final Path JAR = Path.of(System.getProperty("netauth.runner.jar", "target/auth-runner.jar"));
    /** The distribution as the build unpacked it, with the class-data archive the build made for its jar. */
    private static final Path UNPACKED = Path.of(System.getProperty("netauth.unpacked", "target/netauth"));
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    final Process process;
    final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final List<String> all = new ArrayList<>();
    private final Thread reader;
    private int port;

    RunnerProcess(List<String> args) throws IOException {
        this(jarCommand(args), java.util.Map.of());
    }

    /** Any command (the distribution's launcher), with these variables added to the environment. */
    RunnerProcess(List<String> command, java.util.Map<String, String> env) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().putAll(env);
        process = builder.start();
        reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(
                    new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    synchronized (all) {
                        all.add(line);
                    }
                    lines.add(line); // after: whoever sees it in the queue finds it in the output too
                }
            } catch (IOException ignored) {
                // the process ended
            }
        });
        reader.setDaemon(true);
        reader.start();
    }

    /** Waits for the start line and answers the port it names. */
    int awaitPort() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            String line = lines.poll(1, TimeUnit.SECONDS);
            if (line != null) {
                Matcher m = READY.matcher(line);
                if (m.find()) {
                    port = Integer.parseInt(m.group(1));
                    return port;
                }
            }
            if (!process.isAlive()) {
                break;
            }
        }
        throw new AssertionError("server did not become ready: " + output());
    }

    /** Waits for the process to exit and its output to be read; answers the exit code. */
    int awaitExit() throws InterruptedException {
        assertTrue(process.waitFor(30, TimeUnit.SECONDS), "process did not exit: " + output());
        reader.join(10_000);
        return process.exitValue();
    }

    /** SIGKILL: no shutdown hook, no flush, no close; as the OOM killer or a power cut of the process does. */
    void kill() throws InterruptedException {
        process.toHandle().destroyForcibly();
        assertTrue(process.waitFor(30, TimeUnit.SECONDS), "a SIGKILL did not end the process");
    }

    String output() {
        synchronized (all) {
            return String.join("\n", all);
        }
    }

    HttpResponse<String> post(String path, String json) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> login(String user, String password) throws IOException, InterruptedException {
        return post("/auth", "{\"username\":\"" + user + "\",\"password\":\"" + password + "\"}");
    }

    /** The management port's URI of {@code path} (metrics, detailed health), from the start log. */
    URI managementUri(String path) {
        Matcher m = MANAGEMENT.matcher(output());
        assertTrue(m.find(), "no management port in the start log:\n" + output());
        return URI.create("http://127.0.0.1:" + m.group(1) + path);
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }

    private static List<String> jarCommand(List<String> args) {
        List<String> command = javaJar();
        command.addAll(args);
        return command;
    }

    /**
     * The command that runs the runner's jar: the unpacked distribution's copy with the class-data archive the
     * build made for it (src/dist/train-cds.sh), when there is one for this Java, so that the tests' many server
     * and CLI processes start in two thirds of the time; {@link #JAR} without one. The archive was made with the
     * jar named /proc/self/fd/9, as bin/netauth names it, so a shell opens the jar as that descriptor and execs
     * the JVM (the process stays the JVM). A JVM that the archive does not fit ignores it, and says nothing.
     * Looked up once.
     */
    private static final List<String> JAVA_JAR = List.copyOf(javaJarCommand());

    static List<String> javaJar() {
        return new ArrayList<>(JAVA_JAR);
    }

    private static List<String> javaJarCommand() {
        List<String> command = new ArrayList<>(List.of(javaBin()));
        String jar = JAR.toString();
        String prefix = "netauth-java" + Runtime.version().feature() + "-";
        try (java.util.stream.Stream<Path> archives = java.nio.file.Files.list(UNPACKED.resolve("cds"))) {
            java.util.Optional<Path> archive = archives.filter(a -> a.getFileName().toString().startsWith(prefix)
                    && a.getFileName().toString().endsWith(".jsa")).findFirst();
            if (archive.isPresent() && java.nio.file.Files.isRegularFile(UNPACKED.resolve("lib/netauth.jar"))) {
                command.addAll(0, List.of("/bin/sh", "-c", "exec 9<\"$0\" && exec \"$@\"",
                        UNPACKED.resolve("lib/netauth.jar").toString()));
                command.addAll(List.of("-XX:SharedArchiveFile=" + archive.get(), "-Xlog:cds=off",
                        "-Xlog:cds+dynamic=off"));
                jar = "/proc/self/fd/9";
            }
        } catch (IOException e) {
            // no archive made: the plain jar
        }
        command.addAll(List.of("-jar", jar));
        return command;
    }

    static String javaBin() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** What a CLI command printed, and its exit code. */
    record Cli(int exit, String output) {
    }

    /** Runs a CLI command to its end; answers its exit code. */
    static int cli(String stdin, List<String> args) throws Exception {
        return run(stdin, args).exit();
    }

    /** Runs a CLI command to its end; answers its exit code and output. */
    static Cli run(String stdin, List<String> args) throws Exception {
        List<String> command = javaJar();
        command.addAll(args);
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        if (stdin != null) {
            p.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
        }
        p.getOutputStream().close();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "CLI did not finish: " + output);
        if (p.exitValue() != 0) {
            System.err.println("CLI " + args + " exited " + p.exitValue() + ": " + output);
        }
        return new Cli(p.exitValue(), output);
    }
}
