package io.netauth.runner;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code config-template}: prints a properties file with every key, commented out with its default. */
@Command(name = "config-template", mixinStandardHelpOptions = true,
        description = "Prints a configuration file with every key, commented out with its default and description "
                + "(the distribution's conf/netauth.properties).")
final class ConfigTemplateCommand implements Callable<Integer> {

    private final PrintWriter out;

    ConfigTemplateCommand(PrintWriter out) {
        this.out = out;
    }

    @Override
    public Integer call() {
        out.print(RunnerSettings.propertiesTemplate());
        out.flush();
        return 0;
    }
}
