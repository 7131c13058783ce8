package io.netauth.runner;

import java.io.Closeable;
import java.io.IOException;
import java.io.Reader;

/**
 * The lines of an import file, each at most {@link #MAX_LENGTH} characters: a longer one stops the import with
 * its number, where a plain {@code readLine} would hold the whole of it in memory (a file of one 150 MB line
 * took the heap). Line ends as {@link java.io.BufferedReader#readLine}: {@code \n}, {@code \r} or {@code \r\n}.
 * Not thread-safe.
 */
final class ImportLines implements Closeable {

    /** Far more than a line of name, hash, roles and email needs. */
    static final int MAX_LENGTH = 65_536;

    private final Reader in;
    private final char[] buffer = new char[8192];
    private final StringBuilder line = new StringBuilder(256);
    private int position;
    private int limit;
    private long number;
    private boolean skipNewline;

    ImportLines(Reader in) {
        this.in = in;
    }

    /**
     * The next line without its end, or {@code null} at the end of the file.
     *
     * @throws CommandFailedException for a line longer than {@link #MAX_LENGTH}, naming it
     */
    String readLine() throws IOException {
        line.setLength(0);
        boolean any = false;
        while (true) {
            if (position == limit) {
                limit = in.read(buffer, 0, buffer.length);
                position = 0;
                if (limit <= 0) {
                    limit = 0;
                    if (!any) {
                        return null;
                    }
                    number++;
                    return line.toString();
                }
            }
            char c = buffer[position++];
            if (skipNewline) {
                skipNewline = false;
                if (c == '\n') {
                    continue;
                }
            }
            if (c == '\n' || c == '\r') {
                skipNewline = c == '\r';
                number++;
                return line.toString();
            }
            any = true;
            if (line.length() == MAX_LENGTH) {
                throw new CommandFailedException("line " + (number + 1) + ": longer than " + MAX_LENGTH
                        + " characters; no line of an import is that long");
            }
            line.append(c);
        }
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
