package io.netauth.runner;

import io.netauth.core.config.Setting;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads the server's own command line, nothing but setting flags ({@code --port 8080}, {@code --port=8080}),
 * without picocli. Picocli's classes are too old a class format for the class-data archive: loading and
 * verifying them, and building a flag for every setting, took a fifth of a restart. Anything this reader is
 * not sure of (another option, a subcommand, a repeated flag, a value that looks like an option or an
 * {@code @file}) it declines, and picocli reads the whole line as before, errors included.
 */
final class ServerFlags {

    private ServerFlags() {
    }

    /** The settings {@code args} gives, in order, or {@code null} when picocli should read the line. */
    static Map<Setting<?>, String> read(String[] args) {
        Map<Setting<?>, String> given = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (!arg.startsWith("--")) {
                return null;
            }
            int equals = arg.indexOf('=');
            Setting<?> setting = RunnerSettings.byKey(arg.substring(2, equals < 0 ? arg.length() : equals));
            if (setting == null || given.containsKey(setting)) {
                return null;
            }
            String value;
            if (equals >= 0) {
                value = arg.substring(equals + 1); // attached: taken even when it starts with '-' or '@'
            } else if (i + 1 < args.length && plain(args[i + 1])) {
                value = args[++i];
            } else {
                return null;
            }
            if (Main.COMMANDS.contains(value)) {
                return null; // picocli refuses a subcommand's name as a value, attached or not
            }
            given.put(setting, value);
        }
        return given;
    }

    /** A separate value picocli takes as it is: not an option or an argument file. */
    private static boolean plain(String value) {
        return !value.startsWith("-") && !value.startsWith("@");
    }
}
