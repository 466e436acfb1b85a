package io.launchgraph.topology.internal;

import io.launchgraph.avro.DeadLetter;
import io.launchgraph.avro.DependencyState;
import io.launchgraph.avro.LaunchAnswer;
import io.launchgraph.avro.MilestoneEvent;
import io.launchgraph.avro.MilestoneForecast;
import io.launchgraph.avro.MilestoneState;
import io.launchgraph.avro.TeamBlocking;
import io.launchgraph.topology.GraphPartitions;
import io.launchgraph.topology.StateStores;
import io.launchgraph.topology.StoreSpec;
import io.launchgraph.topology.Topics;
import io.launchgraph.topology.TopologyConfig;
import io.launchgraph.topology.serde.SerdeFactory;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.processor.StreamPartitioner;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/** Builds the topology; see docs/architecture.md for the picture. */
public final class TopologyFactory {

    private TopologyFactory() {}

    public static Topology build(TopologyConfig config) {
        SerdeFactory serdes = config.serdes();
        Deserializer<MilestoneEvent> events = serdes.valueSerde(MilestoneEvent.class).deserializer();
        Serde<DeadLetter> deadLetters = serdes.valueSerde(DeadLetter.class);
        StreamsBuilder builder = new StreamsBuilder();

        Map<String, KStream<String, Checked>> checked = builder.stream(
                        config.topic(Topics.MILESTONE_EVENTS),
                        Consumed.with(Serdes.ByteArray(), Serdes.ByteArray()).withName("milestone-events-source"))
                .process(() -> new ValidateEventsProcessor(events), Named.as("validate-events"))
                .split(Named.as("checked-"))
                .branch((key, value) -> value instanceof Checked.Accepted, Branched.as("accepted"))
                .defaultBranch(Branched.as("refused"));

        checked.get("checked-refused")
                .map((key, value) -> {
                    Checked.Refused refused = (Checked.Refused) value;
                    return KeyValue.pair(refused.key(), refused.letter());
                }, Named.as("refused-as-dead-letters"))
                .to(config.topic(Topics.REJECTED_EVENTS), Produced.with(Serdes.ByteArray(), deadLetters).withName("rejected-events-sink"));

        Map<String, KStream<String, GraphOutput>> outputs = checked.get("checked-accepted")
                .mapValues(value -> ((Checked.Accepted) value).value(), Named.as("accepted-bytes"))
                .repartition(graphTopic(config.graphPartitions()))
                .process(new GraphProcessorSupplier(events, config, serdes), Named.as("fold-and-derive"))
                .split(Named.as("graph-"))
                .branch((key, value) -> value instanceof GraphOutput.Published, Branched.as("answers"))
                .defaultBranch(Branched.as("refused"));

        outputs.get("graph-answers")
                .mapValues(value -> ((GraphOutput.Published) value).answer(), Named.as("published-answers"))
                .to(config.topic(Topics.BLOCKED_LAUNCHES), Produced.with(Serdes.String(), serdes.valueSerde(LaunchAnswer.class))
                        .withName("blocked-launches-sink"));

        outputs.get("graph-refused")
                .map((key, value) -> {
                    GraphOutput.Refused refused = (GraphOutput.Refused) value;
                    return KeyValue.pair(refused.key(), refused.letter());
                }, Named.as("conflicts-as-dead-letters"))
                .to(config.topic(Topics.REJECTED_EVENTS), Produced.with(Serdes.ByteArray(), deadLetters).withName("conflicts-sink"));

        return builder.build();
    }

    private static Repartitioned<String, byte[]> graphTopic(GraphPartitions partitions) {
        Repartitioned<String, byte[]> topic = Repartitioned.<String, byte[]>as(Topics.GRAPH_EVENTS)
                .withKeySerde(Serdes.String())
                .withValueSerde(Serdes.ByteArray())
                .withNumberOfPartitions(partitions.topicPartitions());
        if (!partitions.multicast()) {
            return topic;
        }
        // Every graph task folds the whole graph (KIP-837: a partitioner may name several partitions).
        Set<Integer> every = IntStream.range(0, partitions.topicPartitions()).boxed().collect(Collectors.toUnmodifiableSet());
        StreamPartitioner<String, byte[]> toEvery = (topicName, key, value, numPartitions) -> Optional.of(every);
        return topic.withStreamPartitioner(toEvery);
    }

    private static final class GraphProcessorSupplier implements ProcessorSupplier<String, byte[], String, GraphOutput> {
        private final Deserializer<MilestoneEvent> events;
        private final TopologyConfig config;
        private final SerdeFactory serdes;

        GraphProcessorSupplier(Deserializer<MilestoneEvent> events, TopologyConfig config, SerdeFactory serdes) {
            this.events = events;
            this.config = config;
            this.serdes = serdes;
        }

        @Override
        public Processor<String, byte[], String, GraphOutput> get() {
            return new GraphProcessor(events, config);
        }

        @Override
        public Set<StoreBuilder<?>> stores() {
            return Set.of(
                    store(StateStores.MILESTONE_STATE, MilestoneState.class),
                    store(StateStores.DEPENDENCY_STATE, DependencyState.class),
                    store(StateStores.DEPENDENTS, DependencyState.class),
                    store(StateStores.LAUNCH_ANSWERS, LaunchAnswer.class),
                    store(StateStores.TEAM_BLOCKING, TeamBlocking.class),
                    store(StateStores.MILESTONE_FORECASTS, MilestoneForecast.class),
                    store(StateStores.EVENT_HISTORY, MilestoneEvent.class));
        }

        private <V extends SpecificRecord> StoreBuilder<KeyValueStore<String, V>> store(StoreSpec<String, V> spec, Class<V> type) {
            // No record cache: at a million keys few writes repeat within a commit, and keeping its
            // sorted maps cost more than a third of the graph task's time (docs/performance.md).
            return Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(spec.name()), Serdes.String(), serdes.internalValueSerde(type))
                    .withCachingDisabled();
        }
    }
}
