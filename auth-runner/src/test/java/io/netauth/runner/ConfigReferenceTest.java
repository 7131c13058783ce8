package io.netauth.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The README's configuration table is the one the declarations make, row for row: the same keys, flags,
 * variables, defaults, ranges and descriptions. To update it, paste {@link RunnerSettings#markdownTable()}.
 */
class ConfigReferenceTest {

    @Test
    void readmeTableIsTheOneTheDeclarationsMake() throws IOException {
        String readme = Files.readString(Path.of("..", "README.md"));
        int start = readme.indexOf("| Key | Flag | Variable | Default | Meaning |");
        int end = readme.indexOf("\n\n", start);
        assertEquals(RunnerSettings.markdownTable().strip(), readme.substring(start, end).strip());
    }
}
