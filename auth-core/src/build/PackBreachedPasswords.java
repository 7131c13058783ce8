import io.netauth.core.Passwords;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.TreeSet;

/**
 * Packs the breached-password list at build time (auth-core's process-classes phase): nbvcxz's
 * dictionaries/passwords.txt, its entries of at least Passwords.MIN_LENGTH characters, lower-cased, without
 * duplicates, in unsigned byte order, one per line in UTF-8. The server reads this file as it is and searches it
 * without sorting at every start (BreachedPasswords). Usage: java -cp <classpath> PackBreachedPasswords.java <out>
 */
public final class PackBreachedPasswords {

    public static void main(String[] args) throws IOException {
        TreeSet<byte[]> entries = new TreeSet<>(Arrays::compareUnsigned);
        try (InputStream in = PackBreachedPasswords.class.getResourceAsStream("/dictionaries/passwords.txt")) {
            if (in == null) {
                throw new IllegalStateException("nbvcxz's dictionaries/passwords.txt is not on the class path");
            }
            BufferedReader lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                String entry = line.strip().toLowerCase(Locale.ROOT);
                if (entry.codePointCount(0, entry.length()) >= Passwords.MIN_LENGTH) {
                    entries.add(entry.getBytes(StandardCharsets.UTF_8));
                }
            }
        }
        Path out = Path.of(args[0]);
        Files.createDirectories(out.getParent());
        try (OutputStream file = Files.newOutputStream(out)) {
            for (byte[] entry : entries) {
                file.write(entry);
                file.write('\n');
            }
        }
    }
}
