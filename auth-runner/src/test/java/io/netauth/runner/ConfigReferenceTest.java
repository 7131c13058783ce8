package io.netauth.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The README's configuration table and the code list the same keys, flags, variables and defaults. */
class ConfigReferenceTest {

    private static final Pattern ROW = Pattern.compile(
            "^\\| `([a-z0-9-]+)` \\| `(--[a-z0-9-]+)` \\| `(AUTH_[A-Z0-9_]+)` \\| (?:`([^`]*)`|\\(empty\\)) \\|",
            Pattern.MULTILINE);

    @Test
    void readmeTableMatchesTheCode() throws IOException {
        String readme = Files.readString(Path.of("..", "README.md"));
        Map<String, String> documented = new LinkedHashMap<>();
        Matcher m = ROW.matcher(readme);
        while (m.find()) {
            documented.put(m.group(1), m.group(2) + ' ' + m.group(3) + ' ' + (m.group(4) == null ? "" : m.group(4)));
        }
        Map<String, String> code = new LinkedHashMap<>();
        for (ConfigKey key : ConfigKey.values()) {
            code.put(key.key(), key.flag() + ' ' + key.env() + ' ' + key.defaultValue());
        }
        assertEquals(code, documented);
    }
}
