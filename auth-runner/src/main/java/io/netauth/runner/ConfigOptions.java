package io.netauth.runner;

import java.util.EnumMap;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Adds a flag for every {@link ConfigKey} to a command and its subcommands, and collects the flags given.
 * Built from the key list, so the flags cannot drift from the file keys and variables.
 */
final class ConfigOptions {

    private final Map<ConfigKey, String> given = new EnumMap<>(ConfigKey.class);

    Map<ConfigKey, String> given() {
        return given;
    }

    void addTo(CommandLine command) {
        CommandSpec spec = command.getCommandSpec();
        for (ConfigKey key : ConfigKey.values()) {
            String defaultText = key.defaultValue().isEmpty() ? "" : " Default: " + key.defaultValue() + '.';
            spec.addOption(OptionSpec.builder(key.flag())
                    .paramLabel("<" + key.key() + ">")
                    .type(String.class)
                    .description(key.description() + defaultText + " Env: " + key.env() + '.')
                    .setter(new CommandLine.Model.ISetter() {
                        @Override
                        @SuppressWarnings("unchecked")
                        public <T> T set(T value) {
                            if (value != null) {
                                given.put(key, (String) value);
                            }
                            return null;
                        }
                    })
                    .build());
        }
        for (CommandLine sub : command.getSubcommands().values()) {
            addTo(sub);
        }
    }
}
