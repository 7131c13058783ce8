package io.netauth.runner;

import io.netauth.core.config.CoreSettings;
import io.netauth.core.config.Setting;
import io.netauth.server.ServerSettings;
import java.util.ArrayList;
import java.util.List;

/**
 * Every setting of the runner, in the order of the reference: the runner's own two, then the server's and the
 * core's declarations. Flags, variables, file keys, {@code --help} and the README's table all come from this
 * list; nothing here retypes a default or a range.
 */
final class RunnerSettings {

    public static final Setting<String> CONFIG = Setting.text("config", "",
            "Path of a properties file with any of these keys.");
    public static final Setting<String> THROTTLE_STORE = Setting.oneOf("throttle-store", "memory",
            List.of("memory", "database"), "Where failed logins are counted: memory (per process) or database "
                    + "(shared by every process on the database).");

    public static final Setting<String> SECRETS_KEYS = Setting.text("secrets-keys", "",
            "The key-encryption keys that seal stored secrets (signing keys): a file of base64 AES-256 keys, one per "
                    + "line, or the keys themselves, comma-separated; the first seals, every one opens. Empty: on the "
                    + "embedded H2 default, data-dir/secrets.key, made (mode 0600) at the first start; on "
                    + "another database the start is refused. Make a key with keys generate-secrets-key.");

    public static final Setting<String> LOG_FORMAT = Setting.oneOf("log-format", "text", List.of("text", "json"),
            "How the server writes its log: text lines, or one JSON object per line (Logback's JsonEncoder: "
                    + "timestamp, level, loggerName, threadName, formattedMessage, and the audit events' fields as key-value "
                    + "pairs).");

    private static final List<Setting<?>> ALL;

    static {
        List<Setting<?>> all = new ArrayList<>();
        all.add(CONFIG);
        all.addAll(ServerSettings.all());
        all.addAll(CoreSettings.all());
        all.add(THROTTLE_STORE);
        all.add(SECRETS_KEYS);
        all.add(LOG_FORMAT);
        ALL = List.copyOf(all);
    }

    private RunnerSettings() {
    }

    /** Every setting the runner reads. */
    public static List<Setting<?>> all() {
        return ALL;
    }

    /** The setting with this file key, or {@code null}. */
    static Setting<?> byKey(String key) {
        for (Setting<?> setting : ALL) {
            if (setting.key().equals(key)) {
                return setting;
            }
        }
        return null;
    }

    /** The README's configuration table, one row per setting. */
    static String markdownTable() {
        StringBuilder table = new StringBuilder("| Key | Flag | Variable | Default | Meaning |\n"
                + "|---|---|---|---|---|\n");
        for (Setting<?> s : ALL) {
            String defaultText = s.defaultText().isEmpty() ? "(empty)" : '`' + s.defaultText() + '`';
            table.append("| `").append(s.key()).append("` | `").append(s.flag()).append("` | `")
                    .append(s.variable()).append("` | ").append(defaultText).append(" | ")
                    .append(s.description()).append(" Accepts ").append(s.expected()).append(". |\n");
        }
        return table.toString();
    }

    /**
     * The distribution's {@code conf/netauth.properties}: every key, commented out with its default, under its
     * description, so that uncommenting a line is the whole edit.
     */
    static String propertiesTemplate() {
        StringBuilder file = new StringBuilder()
                .append("# netauth configuration: every key with its default, commented out. Uncomment a line to change it.\n")
                .append("# Each key is also a flag (--key) and a variable (AUTH_KEY); a variable overrides this file and a\n")
                .append("# flag overrides both. bin/netauth reads this file unless AUTH_CONFIG or --config names another.\n");
        for (Setting<?> s : ALL) {
            if (s == CONFIG) {
                continue; // the file does not name itself
            }
            file.append('\n');
            wrapComment(file, s.description() + " Accepts " + s.expected() + '.');
            file.append('#').append(s.key()).append('=').append(s.defaultText()).append('\n');
        }
        return file.toString();
    }

    private static void wrapComment(StringBuilder file, String text) {
        StringBuilder line = new StringBuilder("#");
        for (String word : text.split(" ")) {
            if (line.length() > 1 && line.length() + 1 + word.length() > 110) {
                file.append(line).append('\n');
                line.setLength(1);
            }
            line.append(' ').append(word);
        }
        file.append(line).append('\n');
    }
}
