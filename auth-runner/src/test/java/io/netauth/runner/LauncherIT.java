package io.netauth.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The distribution as an operator gets it: {@code netauth-VERSION.tar.gz} unpacked with tar, {@code bin/netauth}
 * run by /bin/sh with a real Java, and with stand-in {@code java} programs that report how they were called
 * or claim to be an old version.
 */
class LauncherIT {

    private static final Path TARBALL = Path.of(System.getProperty("netauth.distribution",
            "target/netauth-0.1.0-SNAPSHOT.tar.gz"));

    @TempDir
    static Path unpacked;
    private static Path home;

    @BeforeAll
    static void unpack() throws Exception {
        home = unpackInto(unpacked);
    }

    /** The tarball unpacked with tar into {@code dir}; answers its netauth-VERSION directory. */
    private static Path unpackInto(Path dir) throws Exception {
        Process tar = new ProcessBuilder("tar", "xzf", TARBALL.toAbsolutePath().toString(), "-C", dir.toString())
                .redirectErrorStream(true).start();
        assertTrue(tar.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, tar.exitValue(), new String(tar.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.filter(p -> p.getFileName().toString().startsWith("netauth-")).findFirst().orElseThrow();
        }
    }

    /**
     * The start line's figure counts from the process's start: from the launch, through the launcher and the
     * JVM's creation (0.1 to 0.2 s, which the JVM's own start time leaves out), to the line. It may fall short of
     * the time since this test launched the process only by the moment the process took to be created, and
     * exceed it only by the kernel's clock ticks (10 ms, twice).
     */
    private static void assertStartLineCountsFromTheLaunch(String output, long launched) {
        Matcher line = Pattern.compile("(?m)^(\\S+) INFO .* netauth ready in (\\d+) ms").matcher(output);
        assertTrue(line.find(), output);
        long logged = Instant.parse(line.group(1)).toEpochMilli() - launched;
        long figure = Long.parseLong(line.group(2));
        assertTrue(figure <= logged + 20, "ready in " + figure + " ms, logged " + logged + " ms after the launch");
        assertTrue(figure >= logged - 100, "ready in " + figure + " ms, logged " + logged + " ms after the launch");
    }

    @Test
    void theTarballHoldsTheLauncherTheJarTheConfigurationAndTheLicences() throws Exception {
        assertTrue(Files.isExecutable(home.resolve("bin/netauth")));
        assertTrue(Files.isRegularFile(home.resolve("lib/netauth.jar")));
        assertTrue(Files.readString(home.resolve("licences/THIRD-PARTY.txt")).contains("io.netty:netty-codec-http"));
        assertTrue(Files.isRegularFile(home.resolve("licences/Apache-2.0.txt")));
        String conf = Files.readString(home.resolve("conf/netauth.properties"));
        for (var setting : RunnerSettings.all()) {
            if (setting != RunnerSettings.CONFIG) {
                assertTrue(conf.contains("\n#" + setting.key() + "=" + setting.defaultText() + "\n"),
                        "conf/netauth.properties lacks " + setting.key());
            }
        }
        Process tar = new ProcessBuilder("tar", "tzf", TARBALL.toAbsolutePath().toString()).start();
        String entries = new String(tar.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(tar.waitFor(60, TimeUnit.SECONDS));
        assertTrue(entries.contains("/bin/netauth\n"), entries);
        assertEquals(1, entries.lines().filter(e -> e.matches("netauth-[^/]+/cds/netauth-java"
                + Runtime.version().feature() + "-\\d+\\.jsa")).count(), "the build's class-data archive: " + entries);
    }

    /**
     * The archive the build shipped serves a copy unpacked anywhere (the launcher names the jar /proc/self/fd/9
     * wherever it is), under the Java that made it: {@code -Xshare:on} makes the JVM fail where it cannot map
     * it. The JVM still checks the jar itself: one whose time is not the one the archive was made with is
     * refused, though its path is the same.
     */
    @Test
    void theShippedArchiveServesACopyUnpackedAnywhere(@TempDir Path dir) throws Exception {
        Path copy = unpackInto(dir);
        Map<String, String> strict = Map.of("JAVA_HOME", System.getProperty("java.home"),
                "NETAUTH_JAVA_OPTS", "-Xshare:on");
        Run mapped = run(copy, strict, null, "--version");
        assertEquals(0, mapped.exit, mapped.output);
        assertTrue(mapped.output.startsWith("netauth "), mapped.output);

        Path jar = copy.resolve("lib/netauth.jar");
        Files.setLastModifiedTime(jar, FileTime.from(Instant.parse("2000-01-01T00:00:00Z")));
        Run refused = run(copy, strict, null, "--version");
        assertEquals(1, refused.exit, refused.output);
        assertTrue(refused.output.contains("Unable to use shared archive"), refused.output);
        assertEquals(1, files(copy.resolve("cds")).size(), "an older jar leaves the archive in place");
    }

    /**
     * The shipped archive leaves the JIT free to compile what a run makes hot. In Java 17 (JDK-8306460, fixed in
     * 21) a method that sat in the JIT's queue as a dynamic archive was written keeps that mark in the archive,
     * and a JVM that maps it never compiles the method. A build whose training server stopped while H2 wrote its
     * pages shipped an archive under which H2's row serializer, the hottest method of an import, ran interpreted
     * for good. An import of 100,000 users through the archive ({@code -Xshare:on}) must compile it.
     */
    @Test
    void theShippedArchiveLeavesHotMethodsToTheJit(@TempDir Path dir) throws Exception {
        Path users = LargeImportIT.write(dir.resolve("users.csv"), 100_000, false);
        Run imported = run(home, Map.of("JAVA_HOME", System.getProperty("java.home"),
                "NETAUTH_JAVA_OPTS", "-Xshare:on -XX:+PrintCompilation"), null,
                "users", "import", users.toString(), "--data-dir", dir.resolve("data").toString());
        assertEquals(0, imported.exit, imported.output.lines().filter(l -> !l.startsWith(" ")).toList().toString());
        assertTrue(imported.output.lines().anyMatch(l -> l.contains(" org.h2.mvstore.db.ValueDataType::write (")),
                "H2's row serializer was never compiled");
    }

    /**
     * bin/netauth serves, reading conf/netauth.properties and its flags; its process is the JVM (exec), so SIGTERM
     * reaches it. A start with nothing but setting flags never loads picocli (ServerFlags).
     */
    @Test
    void startsTheServerWithTheShippedConfiguration(@TempDir Path dir) throws Exception {
        Path conf = home.resolve("conf/netauth.properties");
        String shipped = Files.readString(conf);
        Files.writeString(conf, shipped + "port=8080\ndata-dir=" + dir.resolve("data") + "\n");
        Path cds = dir.resolve("cds");
        Path classes = dir.resolve("classes.log");
        long launched = System.currentTimeMillis();
        try (RunnerProcess server = new RunnerProcess(List.of(home.resolve("bin/netauth").toString(),
                "--host", "127.0.0.1", "--port=0"), Map.of("JAVA_HOME", System.getProperty("java.home"),
                "NETAUTH_CDS_DIR", cds.toString(), "NETAUTH_JAVA_OPTS", "-Xlog:class+load:file=" + classes))) {
            server.awaitPort();
            assertStartLineCountsFromTheLaunch(server.output(), launched);
            assertEquals(200, server.send(HttpRequest.newBuilder(server.uri("/health/ready"))).statusCode());
            List<String> loaded = Files.readAllLines(classes);
            assertTrue(loaded.stream().anyMatch(line -> line.contains(" io.netauth.runner.ServerFlags ")),
                    "the class log names the classes loaded");
            assertEquals(List.of(), loaded.stream().filter(line -> line.contains(" picocli.")).toList());
            // As root the hashing threads (Java's lowest priority) run at nice 10, the JIT at 5, the event loops at 0.
            List<Integer> hashing = niceOf(server.process.pid(), "netauth-hashin");
            assertEquals(Runtime.getRuntime().availableProcessors(), hashing.size(), hashing.toString());
            assertEquals(root() ? Set.of(10) : Set.of(0), Set.copyOf(hashing));
            assertEquals(Set.of(0), Set.copyOf(niceOf(server.process.pid(), "netauth-io")));
            assertEquals(root() ? Set.of(5) : Set.of(0),
                    Set.copyOf(niceOf(server.process.pid(), "C2 CompilerThre")));
            String command = server.process.toHandle().info().command().orElse("");
            assertTrue(command.endsWith("/bin/java"), "the launcher's process became " + command);
            assertTrue(server.output().contains("listening on 127.0.0.1:"), server.output());
            // SIGTERM through the handle: Process.destroy() would also close the pipe we read the log from.
            server.process.toHandle().destroy();
            assertEquals(143, server.awaitExit(), server.output());
            assertTrue(server.output().contains("netauth stopped"), server.output());
            // This run writes the archive (Java 17, JitQuiescence): it let the JIT empty its queue first.
            assertEquals(Runtime.version().feature() < 21,
                    server.output().contains("the JIT's queue was empty after "), server.output());
        } finally {
            Files.writeString(conf, shipped);
        }
        // The run wrote its class-data archive to a file of its own; the next launch checks it and takes it.
        Map<String, String> sameArchives = Map.of("JAVA_HOME", System.getProperty("java.home"),
                "NETAUTH_CDS_DIR", cds.toString());
        assertTrue(files(cds).stream().anyMatch(name -> name.contains(".jsa.part-")), files(cds).toString());
        assertEquals(0, run(sameArchives, null, "--version").exit);
        List<String> archives = files(cds);
        assertEquals(1, archives.size(), archives.toString());
        assertTrue(archives.get(0).endsWith(".jsa"), archives.toString());

        // A run killed while it wrote its archive leaves a truncated one, which the JVM would map and crash on:
        // the launcher tries it in a JVM of its own first, and drops it.
        Path archive = cds.resolve(archives.get(0));
        byte[] whole = Files.readAllBytes(archive);
        Files.write(cds.resolve(archives.get(0) + ".part-999999"), java.util.Arrays.copyOf(whole, whole.length / 2));
        Files.delete(archive);
        Run after = run(sameArchives, null, "--version");
        assertEquals(0, after.exit, after.output);
        assertEquals(List.of(), files(cds), "the truncated archive is gone, and none was made of it");
    }

    private static List<String> files(Path dir) throws IOException {
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void forwardsACommandWithItsArguments(@TempDir Path dir) throws Exception {
        String dataDir = dir.resolve("data").toString();
        Map<String, String> env = Map.of("JAVA_HOME", System.getProperty("java.home"));
        Run add = run(env, "correct horse battery\n", "users", "add", "alice", "--roles", "admin,ops",
                "--password-stdin", "--data-dir", dataDir);
        assertEquals(0, add.exit, add.output);
        Run list = run(env, null, "users", "list", "--data-dir", dataDir);
        assertEquals(0, list.exit, list.output);
        assertTrue(list.output.contains("alice") && list.output.contains("admin,ops"), list.output);
        Run bad = run(env, null, "users", "add");
        assertEquals(2, bad.exit, "picocli's usage error passes through: " + bad.output);
    }

    @Test
    void refusesAJavaOlderThan17(@TempDir Path dir) throws Exception {
        Path fake = fakeJava(dir, null, "echo 'openjdk version \"11.0.2\" 2019-01-15' >&2; exit 0");
        Run run = run(Map.of("JAVA_HOME", fake.toString()), null, "--version");
        assertEquals(1, run.exit, run.output);
        assertTrue(run.output.contains("netauth needs Java 17 or newer") && run.output.contains("11.0.2"), run.output);
        Run eight = run(Map.of("JAVA_HOME", fakeJava(dir.resolve("8"), "1.8.0_392", "exit 0").toString()), null);
        assertEquals(1, eight.exit, eight.output);
        assertTrue(eight.output.contains("1.8.0_392"), eight.output);
    }

    @Test
    void refusesAMissingJava(@TempDir Path dir) throws Exception {
        Run run = run(Map.of("JAVA_HOME", dir.toString()), null, "--version");
        assertEquals(1, run.exit, run.output);
        assertTrue(run.output.contains("JAVA_HOME is " + dir), run.output);
    }

    /**
     * TrimNativeHeapInterval is left out where the JVM lacks it (before 17.0.9); an import gets the parallel
     * collector and a larger young generation, everything else the serial one; the options add or replace.
     */
    @Test
    void passesTheFlagsThisJavaKnowsAndTheOperators(@TempDir Path dir) throws Exception {
        String report = "echo \"pid $$\"; for a in \"$@\"; do echo \"arg $a\"; done";
        Path old = fakeJava(dir.resolve("old"), "17.0.8", report);
        Path current = fakeJava(dir.resolve("new"), "17.0.9", report);
        Path next = fakeJava(dir.resolve("next"), "25.0.1", report);

        Run before = run(Map.of("JAVA_HOME", old.toString(), "NETAUTH_CDS", "false"), null, "users", "add",
                "two words");
        List<String> args = before.args();
        assertTrue(args.contains("-Xmx112m") && args.contains("-Xmn24m") && args.contains("-XX:+UseSerialGC"),
                args.toString());
        assertFalse(args.stream().anyMatch(a -> a.contains("TrimNativeHeapInterval")), args.toString());
        assertTrue(args.contains("-XX:+ExitOnOutOfMemoryError"), "an Error ends the process: " + args);
        assertEquals(List.of("-jar", home.resolve("lib/netauth.jar").toString(), "users", "add", "two words"),
                args.subList(args.size() - 5, args.size()));
        assertEquals(before.process.pid(), before.pid(), "the launcher execs the JVM");
        List<String> imports = run(Map.of("JAVA_HOME", old.toString(), "NETAUTH_CDS", "false"), null, "users",
                "import", "users.csv").args();
        assertTrue(imports.contains("-XX:+UseParallelGC") && !imports.contains("-XX:+UseSerialGC"),
                "an import collects on every core: " + imports);
        assertTrue(imports.contains("-Xmn56m") && !imports.contains("-Xmn24m") && imports.contains("-Xmx112m"),
                "an import gets a larger young generation in the same heap: " + imports);

        List<String> withArchive = run(Map.of("JAVA_HOME", current.toString()), null).args();
        assertTrue(withArchive.contains("-XX:TrimNativeHeapInterval=5000"), withArchive.toString());
        assertEquals(List.of("-jar", "/proc/self/fd/9"), withArchive.subList(withArchive.size() - 2,
                withArchive.size()), "with an archive the jar is named by a descriptor, alike in every copy");
        assertTrue(run(Map.of("JAVA_HOME", next.toString()), null).args()
                .contains("-XX:TrimNativeHeapInterval=5000"));
        // Thread priorities reach the OS for root only: for another user the JVM would warn at every start.
        assertEquals(root(), withArchive.containsAll(PRIORITY_FLAGS), withArchive.toString());

        List<String> added = run(Map.of("JAVA_HOME", current.toString(), "NETAUTH_JAVA_OPTS", "-Xmx512m -Dx=1"),
                null).args();
        assertTrue(added.indexOf("-Xmx512m") > added.indexOf("-Xmx112m") && added.contains("-Dx=1"), added.toString());
        List<String> replaced = run(Map.of("JAVA_HOME", current.toString(), "NETAUTH_JAVA_DEFAULT_OPTS", "-Xmx64m"),
                null).args();
        assertTrue(replaced.contains("-Xmx64m") && !replaced.contains("-Xmx112m")
                && !replaced.contains("-XX:+UseSerialGC") && !replaced.contains(PRIORITY_FLAGS.get(0)),
                replaced.toString());
        assertTrue(replaced.contains("-XX:+ExitOnOutOfMemoryError"), "replaced defaults keep it: " + replaced);
    }

    private static final List<String> PRIORITY_FLAGS = List.of("-XX:ThreadPriorityPolicy=1",
            "-XX:JavaPriority1_To_OSPriority=10", "-XX:CompilerThreadPriority=5");

    private static boolean root() throws IOException {
        return Integer.valueOf(0).equals(Files.getAttribute(Path.of("/proc/self"), "unix:uid"));
    }

    /** The nice value of each of the process's threads whose name starts with {@code prefix}. */
    private static List<Integer> niceOf(long pid, String prefix) throws IOException {
        List<Integer> nice = new ArrayList<>();
        try (Stream<Path> tasks = Files.list(Path.of("/proc/" + pid + "/task"))) {
            for (Path task : tasks.toList()) {
                if (Files.readString(task.resolve("comm")).startsWith(prefix)) {
                    String stat = Files.readString(task.resolve("stat"));
                    nice.add(Integer.parseInt(stat.substring(stat.lastIndexOf(')') + 2).split(" ")[16]));
                }
            }
        }
        return nice;
    }

    /** With no JAVA_HOME the launcher takes the java on PATH, through its symbolic links, to read its version. */
    @Test
    void findsJavaOnThePath(@TempDir Path dir) throws Exception {
        Path fake = fakeJava(dir.resolve("jdk"), "17.0.10", "for a in \"$@\"; do echo \"arg $a\"; done");
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Files.createSymbolicLink(bin.resolve("java"), fake.resolve("bin/java"));
        Map<String, String> env = new HashMap<>();
        env.put("PATH", bin + ":/usr/bin:/bin");
        env.put("JAVA_HOME", "");
        Run run = run(env, null);
        assertEquals(0, run.exit, run.output);
        assertTrue(run.args().contains("-XX:TrimNativeHeapInterval=5000"), run.output);
    }

    /** A real Java 25 when the machine has one: its flags (TrimNativeHeapInterval, the archive at exit) start the server. */
    @Test
    void startsOnTheOtherInstalledJava(@TempDir Path dir) throws Exception {
        Path java25 = Path.of("/usr/lib/jvm/temurin-25-jdk-amd64");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isExecutable(java25.resolve("bin/java")),
                "no second JDK at " + java25);
        try (RunnerProcess server = new RunnerProcess(List.of(home.resolve("bin/netauth").toString(), "--port", "0",
                "--host", "127.0.0.1", "--data-dir", dir.resolve("data").toString()),
                Map.of("JAVA_HOME", java25.toString(), "NETAUTH_CDS_DIR", dir.resolve("cds").toString()))) {
            server.awaitPort();
            assertEquals(200, server.send(HttpRequest.newBuilder(server.uri("/health/ready"))).statusCode());
        }
    }

    /** A JAVA_HOME whose bin/java runs {@code script}; with a release file naming {@code version} if given. */
    private static Path fakeJava(Path dir, String version, String script) throws IOException {
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Path java = bin.resolve("java");
        Files.writeString(java, "#!/bin/sh\n" + script + "\n");
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
        if (version != null) {
            Files.writeString(dir.resolve("release"), "IMPLEMENTOR=\"Test\"\nJAVA_VERSION=\"" + version + "\"\n");
        }
        return dir;
    }

    private static Run run(Map<String, String> env, String stdin, String... args) throws Exception {
        return run(home, env, stdin, args);
    }

    /** bin/netauth of the copy at {@code copy}, run to its end. */
    private static Run run(Path copy, Map<String, String> env, String stdin, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(copy.resolve("bin/netauth").toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().remove("NETAUTH_JAVA_OPTS");
        builder.environment().remove("NETAUTH_JAVA_DEFAULT_OPTS");
        builder.environment().putAll(env);
        Process process = builder.start();
        if (stdin != null) {
            process.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
        }
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), output);
        return new Run(process, process.exitValue(), output);
    }

    private record Run(Process process, int exit, String output) {

        /** The arguments a reporting stand-in java received. */
        List<String> args() {
            return output.lines().filter(l -> l.startsWith("arg ")).map(l -> l.substring(4)).toList();
        }

        long pid() {
            return Long.parseLong(output.lines().filter(l -> l.startsWith("pid ")).findFirst().orElseThrow()
                    .substring(4));
        }
    }
}
