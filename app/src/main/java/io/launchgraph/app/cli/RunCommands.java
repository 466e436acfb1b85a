package io.launchgraph.app.cli;

import io.launchgraph.app.demo.DemoOrganisation;
import io.launchgraph.app.service.LaunchGraphService;
import io.launchgraph.app.service.LaunchGraphService.Mode;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** The commands that run launchgraph until stopped. */
final class RunCommands {
    private static final Logger LOG = LoggerFactory.getLogger(RunCommands.class);

    private RunCommands() {}

    @Command(name = "demo", mixinStandardHelpOptions = true,
            description = {
                "Run launchgraph on an embedded default, with a demo organisation loaded.",
                "Starts a Kafka broker and a schema registry on 127.0.0.1, creates the topics, loads a demo ads",
                "organisation and serves the HTTP API. Ctrl-C stops everything. Nothing outlives the run: every",
                "start is fresh."})
    static final class Demo implements Callable<Integer> {
        @Mixin
        ConfigOptions config;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            if (config.bootstrapServers != null || config.registryUrl != null) {
                throw new ParameterException(spec.commandLine(),
                        "demo starts its own broker and registry; to use yours, run `launchgraph serve`");
            }
            return run(config, Mode.DEMO);
        }
    }

    @Command(name = "serve", mixinStandardHelpOptions = true,
            description = {
                "Run launchgraph against an existing Kafka cluster and schema registry.",
                "Give them with --bootstrap-servers and --registry-url, or in the configuration. Starts nothing",
                "embedded. Instances with the same application id share the work."})
    static final class Serve implements Callable<Integer> {
        @Mixin
        ConfigOptions config;

        @Override
        public Integer call() throws Exception {
            return run(config, Mode.SERVE);
        }
    }

    private static int run(ConfigOptions config, Mode mode) throws InterruptedException {
        LaunchGraphService service = LaunchGraphService.start(config.load(LaunchGraphService.modeDefaults(mode)), mode);
        String url = service.httpUrl();
        LOG.info("launchgraph is ready after {} ms: HTTP API at {}", service.startupTime().toMillis(), url);
        if (mode == Mode.DEMO) {
            LOG.info("Try: curl {}/launches/{}   or   curl '{}/launches?blocked=true'   (Ctrl-C stops)",
                    url, DemoOrganisation.KNOWN_BLOCKED_LAUNCH, url);
        }
        Shutdown.awaitSignal(() -> {
            LOG.info("Stopping launchgraph");
            service.close();
            LOG.info("launchgraph stopped");
        });
        return 0;
    }
}
