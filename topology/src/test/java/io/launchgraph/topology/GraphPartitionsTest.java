package io.launchgraph.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Random;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.internals.DefaultStreamPartitioner;
import org.junit.jupiter.api.Test;

class GraphPartitionsTest {

    @Test
    void shouldOwnEachIdWhereKafkaStreamsLooksForItsKey() {
        // given: Kafka Streams' own partitioner of String keys, which queryMetadataForKey uses
        DefaultStreamPartitioner<String, Object> kafka = new DefaultStreamPartitioner<>(Serdes.String().serializer());
        Random random = new Random(7);

        for (int count : new int[] {1, 2, 3, 6, 64}) {
            for (int i = 0; i < 2_000; i++) {
                String id = "L-" + Long.toString(random.nextLong(), 36);

                // when
                int owner = GraphPartitions.of(count).ownerOf(id);

                // then
                assertThat(kafka.partitions("t", id, null, new RecordHeaders(), count)).as("%s among %s", id, count).hasValue(java.util.Set.of(owner));
            }
        }
    }

    @Test
    void shouldRefuseCountsAndSimulatedPartitionsOutOfRange() {
        assertThatThrownBy(() -> GraphPartitions.of(0)).hasMessageContaining("between 1 and 64");
        assertThatThrownBy(() -> GraphPartitions.of(65)).hasMessageContaining("between 1 and 64");
        assertThatThrownBy(() -> GraphPartitions.of(2).simulating(2)).hasMessageContaining("[0, 2)");
    }

    @Test
    void shouldKeepOneTopicPartitionWhenSimulatingOneTaskOfSeveral() {
        // when
        GraphPartitions simulated = GraphPartitions.of(6).simulating(4);

        // then
        assertThat(simulated.topicPartitions()).isEqualTo(1);
        assertThat(simulated.multicast()).isFalse();
        assertThat(simulated.derivingPartition(0)).isEqualTo(4);
        assertThat(GraphPartitions.of(6).multicast()).isTrue();
        assertThat(GraphPartitions.of(6).derivingPartition(3)).isEqualTo(3);
    }
}
