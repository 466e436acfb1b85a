package io.launchgraph.app.cli;

import io.launchgraph.app.config.Keys;
import io.launchgraph.app.config.Settings;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/** The configuration options every running command shares. Flags beat everything else. */
final class ConfigOptions {
    @Option(names = "--config", paramLabel = "FILE", description = "Properties file of settings (also LAUNCHGRAPH_CONFIG).")
    Path file;

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "Any setting (repeatable); `launchgraph config` lists them.")
    Map<String, String> set = new LinkedHashMap<>();

    @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT[,...]", description = "Kafka brokers (bootstrap.servers).")
    String bootstrapServers;

    @Option(names = "--registry-url", paramLabel = "URL", description = "Schema registry, Confluent API (schema.registry.url).")
    String registryUrl;

    @Option(names = "--http-host", paramLabel = "HOST", description = "Interface of the HTTP API (http.host, default 127.0.0.1).")
    String httpHost;

    @Option(names = "--http-port", paramLabel = "PORT", description = "Port of the HTTP API (http.port, default 8080; 0 picks a free one).")
    Integer httpPort;

    @Option(names = "--application-id", paramLabel = "ID", description = "Kafka Streams application id (application.id).")
    String applicationId;

    @Option(names = "--state-dir", paramLabel = "DIR", description = "Local state directory (state.dir).")
    Path stateDir;

    Settings load(Map<String, String> modeDefaults) {
        Map<String, String> flags = new LinkedHashMap<>(set);
        put(flags, Keys.BOOTSTRAP_SERVERS.key(), bootstrapServers);
        put(flags, Keys.SCHEMA_REGISTRY_URL.key(), registryUrl);
        put(flags, Keys.HTTP_HOST.key(), httpHost);
        put(flags, Keys.HTTP_PORT.key(), httpPort);
        put(flags, Keys.APPLICATION_ID.key(), applicationId);
        put(flags, Keys.STATE_DIR.key(), stateDir);
        return Settings.load(modeDefaults, file, System.getenv(), flags);
    }

    private static void put(Map<String, String> flags, String key, Object value) {
        if (value != null) {
            flags.put(key, value.toString());
        }
    }
}
