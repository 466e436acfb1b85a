package io.launchgraph.app.it;

import io.launchgraph.app.embedded.EmbeddedKafka;
import io.launchgraph.app.embedded.EmbeddedRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real KRaft broker (in this JVM) and a real schema registry (Apicurio, a child process), both
 * on 127.0.0.1, started once per test run and stopped when the run ends, failures included.
 * Tests receive them as an {@link Infra} parameter.
 */
public final class RealKafkaAndRegistry implements ParameterResolver {
    private static final Logger LOG = LoggerFactory.getLogger(RealKafkaAndRegistry.class);
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(RealKafkaAndRegistry.class);

    /** What a test gets: where the broker and the registry are, and a directory of its own run. */
    public record Infra(String bootstrapServers, String registryUrl, Path workDir, EmbeddedRegistry registry) {}

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == Infra.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return context.getRoot().getStore(NAMESPACE).getOrComputeIfAbsent(Running.class, k -> Running.start(), Running.class).infra;
    }

    private static final class Running implements AutoCloseable {
        final EmbeddedKafka kafka;
        final EmbeddedRegistry registry;
        final Infra infra;

        private Running(EmbeddedKafka kafka, EmbeddedRegistry registry, Path dir) {
            this.kafka = kafka;
            this.registry = registry;
            this.infra = new Infra(kafka.bootstrapServers(), registry.url(), dir, registry);
        }

        static Running start() {
            Path dir;
            try {
                dir = Files.createTempDirectory(Files.createDirectories(Path.of("target", "it-runs")), "run-");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            String home = System.getProperty("launchgraph.registry.home");
            if (home == null) {
                throw new IllegalStateException("launchgraph.registry.home is not set; run the integration tests through Maven (mvn verify)");
            }
            long heapBefore = usedHeap();
            long start = System.nanoTime();
            EmbeddedKafka kafka = EmbeddedKafka.start(dir.resolve("kafka"));
            long kafkaMs = (System.nanoTime() - start) / 1_000_000;
            long heapAfter = usedHeap();
            start = System.nanoTime();
            EmbeddedRegistry registry;
            try {
                registry = EmbeddedRegistry.start(Path.of(home), dir.resolve("registry"));
            } catch (RuntimeException e) {
                kafka.close();
                throw e;
            }
            long registryMs = (System.nanoTime() - start) / 1_000_000;
            LOG.info("Test infrastructure: Kafka started in {} ms (about {} MB of this JVM's heap); registry started in {} ms ({} MB resident)",
                    kafkaMs, (heapAfter - heapBefore) / (1 << 20), registryMs, residentMegabytes(registry.pid()));
            return new Running(kafka, registry, dir);
        }

        @Override
        public void close() {
            try {
                registry.close();
            } finally {
                kafka.close();
                deleteQuietly(infra.workDir());
            }
        }

        private static long usedHeap() {
            System.gc();
            return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
        }

        private static String residentMegabytes(long pid) {
            try {
                for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                    if (line.startsWith("VmRSS:")) {
                        return Long.toString(Long.parseLong(line.replaceAll("\\D", "")) / 1024);
                    }
                }
            } catch (IOException | RuntimeException e) {
                // not Linux, or gone: unknown
            }
            return "?";
        }

        private static void deleteQuietly(Path dir) {
            try {
                Utils.delete(dir.toFile());
            } catch (IOException e) {
                LOG.warn("Could not delete {}: {}", dir, e.toString());
            }
        }
    }
}
