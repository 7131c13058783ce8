package io.netauth.runner;

import io.netauth.core.config.Setting;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Adds a flag for every setting of {@link RunnerSettings} to a command and its subcommands, and collects the
 * flags given. Built from the declarations, so the flags cannot drift from the file keys and variables.
 */
final class ConfigOptions {

    private final Map<Setting<?>, String> given = new LinkedHashMap<>();

    Map<Setting<?>, String> given() {
        return given;
    }

    /**
     * Adds the flags to {@code command} and to those of its subcommands, at any depth, that {@code args} names:
     * the ones this command line can reach. Building a flag for every setting of every command took a tenth of
     * the server's start.
     */
    void addTo(CommandLine command, java.util.Collection<String> args) {
        CommandSpec spec = command.getCommandSpec();
        for (Setting<?> key : RunnerSettings.all()) {
            if (spec.findOption(key.flag()) != null) {
                continue; // the command's own option of that name wins (clients add --audience); file and variable still set it
            }
            String defaultText = key.defaultText().isEmpty() ? "" : " Default: " + key.defaultText() + '.';
            spec.addOption(OptionSpec.builder(key.flag())
                    .paramLabel("<" + key.key() + ">")
                    .type(String.class)
                    .description(key.description() + " Accepts " + key.expected() + '.' + defaultText + " Env: "
                            + key.variable() + '.')
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
        for (Map.Entry<String, CommandLine> sub : command.getSubcommands().entrySet()) {
            if (args.contains(sub.getKey())) {
                addTo(sub.getValue(), args);
            }
        }
    }
}
