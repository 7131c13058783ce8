package io.netauth.runner;

import io.netauth.core.InvalidInputException;
import io.netauth.core.StandardPasswordHasher;
import io.netauth.core.Usernames;
import io.netauth.core.jdbc.JdbcUserDirectory;
import io.netauth.core.jdbc.JdbcUserDirectory.ImportedUser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.NoSuchElementException;
import java.util.function.LongConsumer;
import java.util.regex.Pattern;

/**
 * An import file, read as a stream, one line at a time: {@code username,hash[,roles[,email[,email_verified]]]}
 * with roles separated by {@code ;} and {@code email_verified} {@code true} or {@code false}, fields optionally in
 * double quotes (a doubled quote inside is one quote), blank lines, {@code #} comments and a
 * {@code username,...} header skipped. A PHC hash's own commas ({@code m=65536,t=2,p=1}) need no quotes.
 *
 * <p>{@link #check} reads the file once and checks every line (name, roles, email, hash format) before anything
 * is written; {@link #users} reads it again for the insert. Neither holds more than a line, so the memory is the
 * same for ten lines or ten million. A name given twice is found by the database's unique index during the
 * insert, which rolls back whole; {@link #whereTaken} then reads the file a third time to name both lines.
 * Reports name the line and the reason, never the hash.
 */
final class UserImport {

    /** Rejections printed; the rest are counted. */
    static final int REPORTED = 100;
    private static final Pattern HASH_PARAMETER = Pattern.compile("[a-z]+=[^,]*");

    private final Path file;
    private final StandardPasswordHasher hasher;

    UserImport(Path file, StandardPasswordHasher hasher) {
        this.file = file;
        this.hasher = hasher;
    }

    /**
     * What the check found.
     *
     * @param users      lines that hold a user, rejected or not
     * @param rejected   how many were rejected
     * @param reported   the first {@link #REPORTED} rejections, one message each
     */
    record Check(long users, long rejected, List<String> reported) {
    }

    /** Reads the whole file and checks every line; {@code progress} is told the lines read so far. */
    Check check(LongConsumer progress) throws IOException {
        long users = 0;
        long rejected = 0;
        List<String> reported = new ArrayList<>();
        try (ImportLines in = new ImportLines(Files.newBufferedReader(file, StandardCharsets.UTF_8))) {
            long number = 0;
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                number++;
                if ((number & 0xFFF) == 0) {
                    progress.accept(number);
                }
                if (skipped(line, number)) {
                    continue;
                }
                users++;
                try {
                    ImportedUser user = parse(line);
                    JdbcUserDirectory.validate(user);
                    hasher.checkFormat(user.passwordHash());
                } catch (IllegalArgumentException | InvalidInputException e) {
                    rejected++;
                    if (reported.size() < REPORTED) {
                        reported.add("line " + number + ": " + e.getMessage());
                    }
                }
            }
            progress.accept(number);
        }
        return new Check(users, rejected, List.copyOf(reported));
    }

    /**
     * The file's users, read again as they are taken; close it when the import ends, done or failed. A line
     * that no longer parses (the file changed after {@link #check}) stops the import.
     */
    Users users() throws IOException {
        return new Users(new ImportLines(Files.newBufferedReader(file, StandardCharsets.UTF_8)));
    }

    /** The users of the file, one line read at a time. */
    final class Users implements Iterator<ImportedUser>, java.io.Closeable {

        private final ImportLines in;
        private long number;
        private ImportedUser next;

        private Users(ImportLines in) {
            this.in = in;
            this.next = advance();
        }

        private ImportedUser advance() {
            try {
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    number++;
                    if (!skipped(line, number)) {
                        return parse(line);
                    }
                }
                return null;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (IllegalArgumentException | InvalidInputException e) {
                throw new CommandFailedException(file + " changed after it was checked: line " + number + ": "
                        + e.getMessage());
            }
        }

        @Override
        public boolean hasNext() {
            return next != null;
        }

        @Override
        public ImportedUser next() {
            if (next == null) {
                throw new NoSuchElementException();
            }
            ImportedUser current = next;
            next = advance();
            return current;
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }

    /**
     * Where the file holds {@code username}, refused by the database as taken: the line that repeats an earlier
     * one, or the line of a name an existing user has.
     */
    String whereTaken(String username) throws IOException {
        String wanted = Usernames.normalize(username);
        String looks = Usernames.confusableKey(wanted);
        long first = 0;
        try (ImportLines in = new ImportLines(Files.newBufferedReader(file, StandardCharsets.UTF_8))) {
            long number = 0;
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                number++;
                if (skipped(line, number)) {
                    continue;
                }
                String name = Usernames.normalize(parse(line).username());
                if (!name.equals(wanted) && !Usernames.confusableKey(name).equals(looks)) {
                    continue;
                }
                if (first != 0) {
                    return "line " + number + ": the name is the same as line " + first + "'s after normalisation, "
                            + "or looks like it (UTS #39)";
                }
                first = number;
            }
        }
        return "line " + first + ": a user with this name (or one equal to it after normalisation, or one that "
                + "looks like it) exists already";
    }

    private static boolean skipped(String line, long number) {
        String stripped = line.strip();
        return stripped.isEmpty() || stripped.startsWith("#")
                || (number == 1 && stripped.toLowerCase(Locale.ROOT).startsWith("username,"));
    }

    /** One user line, split into its fields; throws with the reason. */
    static ImportedUser parse(String line) {
        List<String> fields = fields(line.strip());
        if (fields.size() < 2 || fields.size() > 5) {
            throw new IllegalArgumentException("expected username,hash[,roles[,email[,email_verified]]] "
                    + "but found " + fields.size() + " fields");
        }
        List<String> roles = fields.size() >= 3 && !fields.get(2).isBlank()
                ? List.of(fields.get(2).split(";")).stream().map(String::strip).toList() : List.of();
        String email = fields.size() >= 4 && !fields.get(3).isBlank() ? fields.get(3) : null;
        String verified = fields.size() == 5 ? fields.get(4).toLowerCase(Locale.ROOT) : "false";
        if (!verified.equals("true") && !verified.equals("false") && !verified.isEmpty()) {
            throw new IllegalArgumentException("email_verified is true or false");
        }
        return new ImportedUser(fields.get(0), fields.get(1), roles, email, verified.equals("true"));
    }

    private static List<String> fields(String line) {
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    field.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    field.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                fields.add(field.toString().strip());
                field.setLength(0);
            } else {
                field.append(c);
            }
        }
        if (quoted) {
            throw new IllegalArgumentException("an unterminated quote");
        }
        fields.add(field.toString().strip());
        // An unquoted PHC hash carries commas between its parameters ($argon2id$v=19$m=65536,t=2,p=1$...):
        // a field that follows a hash and reads "name=value..." is part of that hash.
        for (int i = 1; i + 1 < fields.size(); i++) {
            if (fields.get(i).startsWith("$") && HASH_PARAMETER.matcher(fields.get(i + 1)).matches()) {
                fields.set(i, fields.get(i) + ',' + fields.remove(i + 1));
                i--;
            }
        }
        return fields;
    }
}
