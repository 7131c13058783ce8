package io.netauth.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.netauth.core.config.Setting;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The server's command line read without picocli gives what picocli gives, or is left to picocli. */
class ServerFlagsTest {

    @Test
    void everySettingFlagReadsAsPicocliReadsIt() {
        List<String[]> lines = new ArrayList<>();
        lines.add(new String[0]);
        for (Setting<?> setting : RunnerSettings.all()) {
            lines.add(new String[] {setting.flag(), "value"});
            lines.add(new String[] {setting.flag() + "=value"});
            lines.add(new String[] {setting.flag() + "="});
            lines.add(new String[] {setting.flag() + "=a=b c"});
            lines.add(new String[] {setting.flag(), ""});
            lines.add(new String[] {setting.flag(), "two words"});
            lines.add(new String[] {setting.flag() + "=-1"});
            lines.add(new String[] {setting.flag() + "=@args.txt"});
        }
        lines.add(new String[] {"--host", "127.0.0.1", "--port=0", "--data-dir", "/var/lib/netauth"});
        lines.add(new String[] {"--config", "/etc/netauth.properties", "--port", "9090"});
        for (String[] args : lines) {
            Map<Setting<?>, String> fast = ServerFlags.read(args);
            assertNotNull(fast, Arrays.toString(args));
            assertEquals(picocli(args), fast, Arrays.toString(args));
            assertEquals(List.copyOf(picocli(args).keySet()), List.copyOf(fast.keySet()), "in order");
        }
    }

    @Test
    void anythingElseIsLeftToPicocli() {
        String[][] declined = {
                {"--help"}, {"-h"}, {"--version"}, {"-V"}, {"users", "list"}, {"--port", "0", "keys", "list"},
                {"--port"}, {"--port", "1", "--port", "2"}, {"--port", "-1"}, {"--issuer", "--port"},
                {"--issuer", "users"}, {"--issuer=users"}, {"--port", "@args.txt"}, {"@args.txt"}, {"--no-such-setting", "1"},
                {"--no-such-setting=1"}, {"--", "--port"}, {"port=1"}, {"--port:1"},
        };
        for (String[] args : declined) {
            assertNull(ServerFlags.read(args), Arrays.toString(args));
        }
    }

    @Test
    void theSubcommandNamesAreTheAnnotations() {
        assertEquals(Main.COMMANDS, root(new ConfigOptions()).getSubcommands().keySet());
    }

    /** What picocli's own reading of the line gives the server command. */
    private static Map<Setting<?>, String> picocli(String[] args) {
        ConfigOptions options = new ConfigOptions();
        CommandLine cli = root(options);
        options.addTo(cli, new HashSet<>(Arrays.asList(args)));
        CommandLine.ParseResult parsed = cli.parseArgs(args);
        assertFalse(parsed.hasSubcommand() || parsed.isUsageHelpRequested() || parsed.isVersionHelpRequested());
        return options.given();
    }

    private static CommandLine root(ConfigOptions options) {
        PrintWriter none = new PrintWriter(new StringWriter());
        return PicocliCommands.root(options, Map.of(), none, none);
    }
}
