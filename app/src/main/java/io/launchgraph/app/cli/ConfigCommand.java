package io.launchgraph.app.cli;

import io.launchgraph.app.config.Keys;
import io.launchgraph.app.config.Setting;
import io.launchgraph.app.config.Settings;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "config", mixinStandardHelpOptions = true,
        description = "List every setting: its default, its environment variable, what it does.")
final class ConfigCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        var out = spec.commandLine().getOut();
        out.println("Settings, weakest source first: defaults < file (--config or " + Settings.CONFIG_FILE_ENV
                + ") < environment (LAUNCHGRAPH_*) < flags (--set KEY=VALUE and the named flags).");
        out.println("Unknown keys are errors; kafka.* keys pass through to every Kafka client, serde.* keys to the serde.");
        out.println();
        for (Setting<?> s : Keys.all()) {
            out.printf("%s%n    %s%n    default: %s   environment: %s%n",
                    s.key(), s.description(), s.defaultValue() == null ? "(none)" : "\"" + s.defaultValue() + "\"", s.environmentVariable());
        }
        out.flush();
        return 0;
    }
}
