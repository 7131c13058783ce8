package io.netauth.core;

import at.favre.lib.crypto.bcrypt.BCrypt;
import com.password4j.Argon2Function;
import com.password4j.BcryptFunction;
import de.mkammerer.argon2.Argon2Factory;
import com.password4j.types.Bcrypt;
import io.netauth.bench.AbstractBenchmark;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One password verification, single-threaded, at the server's defaults: argon2id m=19456 KiB, t=2, p=1 and
 * bcrypt cost 10. Compares the library the server uses (BouncyCastle, through {@link StandardPasswordHasher})
 * with the other pure-Java candidates and with the native reference libargon2 (through JNA). A login costs one of these, so the login ceiling of a machine is its
 * cores divided by this time.
 */
@State(Scope.Benchmark)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 4, time = 3)
@Measurement(iterations = 8, time = 3)
public class PasswordHashBenchmark extends AbstractBenchmark {

    private static final String PASSWORD = "correct horse battery staple";

    @Param({"netauth-argon2id", "password4j-argon2id", "native-argon2id", "netauth-bcrypt", "favre-bcrypt",
        "password4j-bcrypt"})
    public String implementation;

    private Verifier verifier;

    @FunctionalInterface
    interface Verifier {
        boolean verify();
    }

    @Setup
    public void setUp() {
        verifier = switch (implementation) {
            case "netauth-argon2id" -> {
                StandardPasswordHasher hasher = StandardPasswordHasher.owaspDefaults();
                String hash = hasher.hash(PASSWORD);
                yield () -> hasher.verify(PASSWORD, hash);
            }
            case "password4j-argon2id" -> {
                Argon2Function argon2 = Argon2Function.getInstance(19_456, 2, 1, 32, com.password4j.types.Argon2.ID, 19);
                String hash = argon2.hash(PASSWORD).getResult();
                yield () -> argon2.check(PASSWORD, hash);
            }
            case "native-argon2id" -> {
                de.mkammerer.argon2.Argon2 nativeArgon2 = Argon2Factory.create(Argon2Factory.Argon2Types.ARGON2id, 16, 32);
                String hash = nativeArgon2.hash(2, 19_456, 1, PASSWORD.toCharArray(), StandardCharsets.UTF_8);
                yield () -> nativeArgon2.verify(hash, PASSWORD.toCharArray(), StandardCharsets.UTF_8);
            }
            case "netauth-bcrypt" -> {
                StandardPasswordHasher hasher = StandardPasswordHasher.bcrypt(10);
                String hash = hasher.hash(PASSWORD);
                yield () -> hasher.verify(PASSWORD, hash);
            }
            case "favre-bcrypt" -> {
                byte[] password = PASSWORD.getBytes(StandardCharsets.UTF_8);
                byte[] hash = BCrypt.withDefaults().hash(10, password);
                BCrypt.Verifyer verifyer = BCrypt.verifyer();
                yield () -> verifyer.verify(password, hash).verified;
            }
            case "password4j-bcrypt" -> {
                BcryptFunction bcrypt = BcryptFunction.getInstance(Bcrypt.B, 10);
                String hash = bcrypt.hash(PASSWORD).getResult();
                yield () -> bcrypt.check(PASSWORD, hash);
            }
            default -> throw new IllegalArgumentException(implementation);
        };
        if (!verifier.verify()) {
            throw new IllegalStateException(implementation + " does not verify its own hash");
        }
    }

    @Benchmark
    public boolean verify() {
        return verifier.verify();
    }
}
