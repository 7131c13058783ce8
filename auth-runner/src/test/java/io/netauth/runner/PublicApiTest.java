package io.netauth.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The public surface is exactly what the README's "Public API" list names: every public top-level type of
 * auth-core, auth-netty-server and auth-runner outside an {@code internal} package, and nothing else.
 */
class PublicApiTest {

    /** One item of the list: its package, then its types, up to the next item or a blank line. */
    private static final Pattern LINE = Pattern.compile("^- `(io\\.netauth[a-z.]*)`: ((?:.|\n(?!- |\n))+)",
            Pattern.MULTILINE);
    private static final Pattern TYPE = Pattern.compile("`([A-Z][A-Za-z0-9]*)`");

    @Test
    void everyPublicTypeOutsideInternalIsTheDocumentedApi() throws IOException {
        Set<String> publicTypes = new TreeSet<>();
        ImportOption modulesOnly = location -> (location.contains("/auth-core/") || location.contains("/auth-netty-server/")
                || location.contains("/auth-runner/")) && !location.contains("test-classes")
                && !location.contains("-tests.jar");
        for (JavaClass type : new ClassFileImporter().withImportOption(modulesOnly).importPackages("io.netauth")) {
            if (type.isTopLevelClass() && type.getModifiers().contains(JavaModifier.PUBLIC)
                    && !type.getPackageName().contains(".internal")) {
                publicTypes.add(type.getName());
            }
        }
        assertEquals(documented(), publicTypes);
    }

    private static Set<String> documented() throws IOException {
        String readme = Files.readString(Path.of("..", "README.md"));
        String section = readme.substring(readme.indexOf("### Public API"));
        Set<String> types = new TreeSet<>();
        Matcher line = LINE.matcher(section);
        while (line.find()) {
            Matcher type = TYPE.matcher(line.group(2));
            while (type.find()) {
                types.add(line.group(1) + '.' + type.group(1));
            }
        }
        return types;
    }
}
