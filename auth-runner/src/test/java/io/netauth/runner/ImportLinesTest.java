package io.netauth.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ImportLinesTest {

    private static List<String> lines(String text) throws IOException {
        List<String> lines = new ArrayList<>();
        try (ImportLines in = new ImportLines(new StringReader(text))) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                lines.add(line);
            }
            assertNull(in.readLine());
        }
        return lines;
    }

    @Test
    void linesEndAsBufferedReadersDo() throws IOException {
        assertEquals(List.of("a", "b", "c", "", "d"), lines("a\nb\r\nc\r\rd"));
        assertEquals(List.of("last without end"), lines("last without end"));
        assertEquals(List.of(), lines(""));
        assertEquals(List.of(""), lines("\n"));
    }

    @Test
    void aLineLongerThanTheLimitStopsWithItsNumberWithoutReadingItWhole() throws IOException {
        String longLine = "x".repeat(ImportLines.MAX_LENGTH + 1);
        try (ImportLines in = new ImportLines(new StringReader("alice,$h\n" + longLine + "\nbob,$h\n"))) {
            assertEquals("alice,$h", in.readLine());
            CommandFailedException e = assertThrows(CommandFailedException.class, in::readLine);
            assertEquals("line 2: longer than 65536 characters; no line of an import is that long", e.getMessage());
        }
        assertEquals(List.of("y".repeat(ImportLines.MAX_LENGTH)), lines("y".repeat(ImportLines.MAX_LENGTH) + "\n"));
    }
}
