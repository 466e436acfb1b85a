package io.launchgraph.app;

import io.launchgraph.app.cli.Cli;

/** {@code java -jar launchgraph.jar COMMAND}: see README. */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        int code = Cli.run(args);
        if (!Cli.shuttingDown()) {
            System.exit(code);
        }
    }
}
