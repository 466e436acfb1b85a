package io.launchgraph.app.http;

import io.launchgraph.app.streams.LaunchGraphStreams;
import io.launchgraph.avro.LaunchAnswer;
import io.launchgraph.avro.MilestoneForecast;
import io.launchgraph.avro.MilestoneState;
import io.launchgraph.topology.History;
import io.launchgraph.topology.StateStores;
import java.util.function.BiConsumer;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/** Where a view's answers come from: this instance's stores now, or a snapshot of another time. */
interface AnswerSource {

    /** The answer of a launch, or null when there is none. */
    LaunchAnswer answer(String launchId);

    /** The folded state of a milestone, or null. */
    MilestoneState milestone(String id);

    /** The forecast of an open milestone, or null. */
    MilestoneForecast forecast(String id);

    /** Every launch with an answer, open or closed. */
    void forEachAnswer(BiConsumer<String, LaunchAnswer> action);

    /** The stores of the graph task on this instance. */
    static AnswerSource now(LaunchGraphStreams streams) {
        ReadOnlyKeyValueStore<String, LaunchAnswer> answers = streams.store(StateStores.LAUNCH_ANSWERS);
        ReadOnlyKeyValueStore<String, MilestoneState> milestones = streams.store(StateStores.MILESTONE_STATE);
        ReadOnlyKeyValueStore<String, MilestoneForecast> forecasts = streams.store(StateStores.MILESTONE_FORECASTS);
        return new AnswerSource() {
            @Override
            public LaunchAnswer answer(String launchId) {
                return answers.get(launchId);
            }

            @Override
            public MilestoneState milestone(String id) {
                return milestones.get(id);
            }

            @Override
            public MilestoneForecast forecast(String id) {
                return forecasts.get(id);
            }

            @Override
            public void forEachAnswer(BiConsumer<String, LaunchAnswer> action) {
                try (KeyValueIterator<String, LaunchAnswer> it = answers.all()) {
                    it.forEachRemaining(kv -> action.accept(kv.key, kv.value));
                }
            }
        };
    }

    /** The answers another time had (rebuilt from the event history). */
    static AnswerSource of(History.Snapshot snapshot) {
        return new AnswerSource() {
            @Override
            public LaunchAnswer answer(String launchId) {
                return snapshot.answer(launchId);
            }

            @Override
            public MilestoneState milestone(String id) {
                return snapshot.milestone(id);
            }

            @Override
            public MilestoneForecast forecast(String id) {
                return snapshot.forecast(id);
            }

            @Override
            public void forEachAnswer(BiConsumer<String, LaunchAnswer> action) {
                snapshot.answers().forEach(action);
            }
        };
    }
}
