package io.netauth.core;

import io.netauth.bench.AbstractBenchmark;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * The username rules' cost per name: the key a login looks up ({@link Usernames#normalize}), the whole profile a
 * registration, an import line or a rename passes ({@link Usernames#checkedNormalize}) and the confusable key it
 * stores ({@link Usernames#confusableKey}). The budget is 5 µs per name. Names: plain ASCII, an email address,
 * accented Latin, Japanese (Han with Hiragana), and a refused mix of Latin and Cyrillic (its exception included).
 */
@State(Scope.Benchmark)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class UsernameProfileBenchmark extends AbstractBenchmark {

    @Param({"alice", "john.doe@example.com", "Jos\u00E9Mar\u00EDa", "\u5C71\u7530\u305F\u308D\u3046",
            "ali\u0441e"})
    public String name;

    @Benchmark
    public String loginKey() {
        return Usernames.normalize(name);
    }

    @Benchmark
    public Object profile() {
        try {
            return Usernames.checkedNormalize(name);
        } catch (InvalidInputException e) {
            return e;
        }
    }

    @Benchmark
    public String profileAndConfusableKey() {
        String problem = Usernames.problem(name);
        return problem != null ? problem : Usernames.confusableKey(Usernames.normalize(name));
    }

    /**
     * The same checks timed by the thread's own CPU time rather than the wall clock, for a shared machine whose
     * other load stretches JMH's figures: {@code java -cp auth-benchmarks/target/benchmarks.jar
     * io.netauth.core.UsernameProfileBenchmark}. Three rounds of 200,000 calls per name; the last is printed.
     */
    public static void main(String[] args) throws NoSuchFieldException {
        java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
        String[] names = UsernameProfileBenchmark.class.getField("name").getAnnotation(Param.class).value();
        int calls = 200_000;
        long sink = 0;
        for (int round = 0; round < 3; round++) {
            for (String name : names) {
                long start = threads.getCurrentThreadCpuTime();
                for (int i = 0; i < calls; i++) {
                    String problem = Usernames.problem(name);
                    sink += problem != null ? problem.length() : 1;
                }
                long checked = threads.getCurrentThreadCpuTime();
                for (int i = 0; i < calls; i++) {
                    String problem = Usernames.problem(name);
                    sink += problem != null ? problem.length()
                            : Usernames.confusableKey(Usernames.normalize(name)).length();
                }
                long keyed = threads.getCurrentThreadCpuTime();
                if (round == 2) {
                    System.out.printf("%-22s profile %,6.0f ns, profile and confusable key %,6.0f ns of CPU%n", name,
                            (checked - start) / (double) calls, (keyed - checked) / (double) calls);
                }
            }
        }
        System.out.println(sink > 0 ? "" : "?");
    }
}
