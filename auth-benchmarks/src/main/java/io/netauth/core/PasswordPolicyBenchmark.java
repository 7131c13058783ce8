package io.netauth.core;

import io.netauth.bench.AbstractBenchmark;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The password policy's cost: a check of an accepted password (length, context, one binary search of the
 * breached list) and of a breached one, and loading the list from nbvcxz's resource (once per JVM).
 */
@State(Scope.Benchmark)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class PasswordPolicyBenchmark extends AbstractBenchmark {

    private final PasswordPolicy policy = PasswordPolicy.defaults();

    @Benchmark
    public String checkAccepted() {
        return policy.check("violet staple kettle", "ann");
    }

    @Benchmark
    public boolean checkBreached() {
        try {
            policy.check("password1", "ann");
            return false;
        } catch (WeakPasswordException e) {
            return true;
        }
    }

    @Benchmark
    @BenchmarkMode(Mode.SingleShotTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    @Warmup(iterations = 3)
    @Measurement(iterations = 10)
    public long loadList() {
        return BreachedPasswords.load().bytes();
    }
}
