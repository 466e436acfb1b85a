package io.launchgraph.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.launchgraph.topology.serde.InMemorySchemaRegistryClient;
import io.launchgraph.topology.serde.WireFormatSerdeFactory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * Locks the topology's shape: node names, stores and internal topic names must not change by
 * accident (they name changelog and repartition topics, so a change breaks running instances).
 * After a deliberate change, regenerate with {@code -Dlaunchgraph.updateGolden=true} and review
 * the diff.
 */
class TopologyDescriptionTest {
    private static final Path GOLDEN = Path.of("src/test/resources/topology-description.txt");

    @Test
    void shouldDescribeTheTopologyExactlyAsTheCheckedInFile() throws IOException {
        // given
        TopologyConfig config = TopologyConfig.of(new WireFormatSerdeFactory(new InMemorySchemaRegistryClient(), true));

        // when
        String description = LaunchGraphTopology.build(config).describe().toString();

        // then
        if (Boolean.getBoolean("launchgraph.updateGolden")) {
            Files.writeString(GOLDEN, description, StandardCharsets.UTF_8);
        }
        assertThat(description)
                .as("topology description; if the change is deliberate, rerun with -Dlaunchgraph.updateGolden=true")
                .isEqualTo(Files.readString(GOLDEN, StandardCharsets.UTF_8));
        assertThat(description)
                .as("no generated names")
                .doesNotContainPattern("KSTREAM-|KTABLE-|STATE-STORE-");
    }
}
