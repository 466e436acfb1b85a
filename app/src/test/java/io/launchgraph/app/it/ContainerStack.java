package io.launchgraph.app.it;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;

/**
 * A Kafka broker (KRaft) and a schema registry as containers of the local images, on the host's
 * network, started once per test run and stopped when it ends. Tests receive them as a
 * {@link Stack} parameter and start launchgraph containers against them.
 */
public final class ContainerStack implements ParameterResolver {
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(ContainerStack.class);

    /** Where the broker and the registry listen, and a way to start launchgraph containers on them. */
    public record Stack(String bootstrapServers, String registryUrl) {

        /** A launchgraph container in serve mode on this stack; not started. */
        GenericContainer<?> launchgraph(String applicationId, String topicPrefix, int httpPort, String... settings) {
            GenericContainer<?> c = LocalDocker.container(LocalDocker.LAUNCHGRAPH)
                    .withEnv(Map.of(
                            "LAUNCHGRAPH_BOOTSTRAP_SERVERS", bootstrapServers,
                            "LAUNCHGRAPH_SCHEMA_REGISTRY_URL", registryUrl,
                            "LAUNCHGRAPH_APPLICATION_ID", applicationId,
                            "LAUNCHGRAPH_TOPIC_PREFIX", topicPrefix,
                            "LAUNCHGRAPH_TOPIC_REPLICATION_FACTOR", "1",
                            "LAUNCHGRAPH_AUTO_REGISTER_SCHEMAS", "true",
                            "LAUNCHGRAPH_HTTP_HOST", "127.0.0.1",
                            "LAUNCHGRAPH_HTTP_PORT", Integer.toString(httpPort)))
                    .waitingFor(Wait.forLogMessage(".*launchgraph is ready after.*", 1).withStartupTimeout(Duration.ofMinutes(2)));
            String[] command = new String[settings.length * 2 + 1];
            command[0] = "serve";
            for (int i = 0; i < settings.length; i++) {
                command[2 * i + 1] = "--set";
                command[2 * i + 2] = settings[i];
            }
            return c.withCommand(command);
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == Stack.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        LocalDocker.require();
        return context.getRoot().getStore(NAMESPACE).getOrComputeIfAbsent(Running.class, k -> Running.start(), Running.class).stack;
    }

    private static final class Running implements AutoCloseable {
        final GenericContainer<?> kafka;
        final GenericContainer<?> registry;
        final Stack stack;

        private Running(GenericContainer<?> kafka, GenericContainer<?> registry, Stack stack) {
            this.kafka = kafka;
            this.registry = registry;
            this.stack = stack;
        }

        static Running start() {
            int broker = LocalDocker.freePort();
            int controller = LocalDocker.freePort();
            int http = LocalDocker.freePort();
            int management = LocalDocker.freePort();
            GenericContainer<?> kafka = LocalDocker.container(LocalDocker.KAFKA)
                    .withEnv(Map.of(
                            "KAFKA_LISTENERS", "PLAINTEXT://127.0.0.1:" + broker + ",CONTROLLER://127.0.0.1:" + controller,
                            "KAFKA_ADVERTISED_LISTENERS", "PLAINTEXT://127.0.0.1:" + broker,
                            "KAFKA_CONTROLLER_QUORUM_VOTERS", "1@127.0.0.1:" + controller,
                            "KAFKA_NUM_PARTITIONS", "1"))
                    .waitingFor(Wait.forLogMessage(".*Kafka Server started.*", 1).withStartupTimeout(Duration.ofMinutes(2)));
            GenericContainer<?> registry = LocalDocker.container(LocalDocker.REGISTRY)
                    .withEnv(Map.of(
                            "QUARKUS_HTTP_HOST", "127.0.0.1",
                            "QUARKUS_HTTP_PORT", Integer.toString(http),
                            "QUARKUS_MANAGEMENT_HOST", "127.0.0.1",
                            "QUARKUS_MANAGEMENT_PORT", Integer.toString(management),
                            "REGISTRY_RULES_GLOBAL_COMPATIBILITY", "BACKWARD"))
                    .waitingFor(Wait.forLogMessage(".*started in.*Listening on.*", 1).withStartupTimeout(Duration.ofMinutes(2)));
            // Both at once: the broker and the registry do not need each other.
            try {
                java.util.stream.Stream.of(kafka, registry).parallel().forEach(GenericContainer::start);
            } catch (RuntimeException e) {
                kafka.stop();
                registry.stop();
                throw e;
            }
            return new Running(kafka, registry, new Stack("127.0.0.1:" + broker, "http://127.0.0.1:" + http + "/apis/ccompat/v7"));
        }

        @Override
        public void close() {
            kafka.stop();
            registry.stop();
        }
    }
}
