package io.launchgraph.app.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(name = "launchgraph", mixinStandardHelpOptions = true, version = "launchgraph 0.1.0",
        description = "Which launches are blocked, by whom, and why; when they can ship; what changed.",
        subcommands = {
            RunCommands.Demo.class,
            RunCommands.Serve.class,
            PublishCommand.class,
            ImportCommand.class,
            QueryCommand.class,
            ChangesCommand.class,
            WhatIfCommand.class,
            WatchCommand.class,
            ReportCommand.class,
            ConfigCommand.class
        },
        footer = {"", "Run `launchgraph COMMAND --help` for a command's options."})
public final class LaunchGraphCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
