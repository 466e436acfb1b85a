package io.launchgraph.app.cli;

import io.launchgraph.app.kafka.KafkaAccess;
import io.launchgraph.app.kafka.KafkaAccessException;
import java.io.PrintWriter;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine;

/** Builds and runs the command line, with errors as one clear line rather than a stack trace. */
public final class Cli {
    private Cli() {}

    /** Runs {@code args}; returns the exit code (0 ok, 1 some input refused, 2 usage or failure). */
    public static int run(String... args) {
        return run(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args);
    }

    public static int run(PrintWriter out, PrintWriter err, String... args) {
        CommandLine cli = new CommandLine(new LaunchGraphCommand());
        cli.setOut(out);
        cli.setErr(err);
        // Wide enough for the option descriptions to stay on one line in an ordinary terminal.
        cli.setUsageHelpWidth(110);
        cli.setExitCodeExceptionMapper(e -> 2);
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            commandLine.getErr().println("launchgraph: " + message(e));
            org.slf4j.LoggerFactory.getLogger(Cli.class).debug("Command failed", e);
            return 2;
        });
        return cli.execute(args);
    }

    public static boolean shuttingDown() {
        return Shutdown.inProgress();
    }

    private static String message(Throwable e) {
        // A refusal by Kafka is the whole story in one line; Kafka's own messages would only
        // repeat it less clearly. Commands that know their settings explain it better already.
        Optional<KafkaAccessException> refused = KafkaAccess.explain(e, Map.of());
        if (refused.isPresent()) {
            return refused.get().getMessage();
        }
        StringBuilder b = new StringBuilder(String.valueOf(e.getMessage()));
        for (Throwable c = e.getCause(); c != null && c != c.getCause(); c = c.getCause()) {
            if (c.getMessage() != null && !b.toString().contains(c.getMessage())) {
                b.append(": ").append(c.getMessage());
            }
        }
        return b.toString();
    }
}
