package io.launchgraph.app.http;

import io.launchgraph.app.streams.LaunchGraphStreams;
import io.launchgraph.avro.LaunchAnswer;
import io.launchgraph.avro.MilestoneForecast;
import io.launchgraph.avro.MilestoneState;
import io.launchgraph.topology.History;
import io.launchgraph.topology.StateStores;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * Where a view's answers come from: this instance's stores now, or a snapshot of another time.
 * Look-ups answer null for what is not there.
 */
record AnswerSource(
        Function<String, LaunchAnswer> answers,
        Function<String, MilestoneState> milestones,
        Function<String, MilestoneForecast> forecasts,
        Consumer<BiConsumer<String, LaunchAnswer>> everyAnswer) {

    LaunchAnswer answer(String launchId) {
        return answers.apply(launchId);
    }

    MilestoneState milestone(String id) {
        return milestones.apply(id);
    }

    MilestoneForecast forecast(String id) {
        return forecasts.apply(id);
    }

    /** Every launch with an answer, open or closed. */
    void forEachAnswer(BiConsumer<String, LaunchAnswer> action) {
        everyAnswer.accept(action);
    }

    /** The stores of the graph task on this instance. */
    static AnswerSource now(LaunchGraphStreams streams) {
        ReadOnlyKeyValueStore<String, LaunchAnswer> answers = streams.store(StateStores.LAUNCH_ANSWERS);
        ReadOnlyKeyValueStore<String, MilestoneState> milestones = streams.store(StateStores.MILESTONE_STATE);
        ReadOnlyKeyValueStore<String, MilestoneForecast> forecasts = streams.store(StateStores.MILESTONE_FORECASTS);
        return new AnswerSource(answers::get, milestones::get, forecasts::get, action -> {
            try (KeyValueIterator<String, LaunchAnswer> it = answers.all()) {
                it.forEachRemaining(kv -> action.accept(kv.key, kv.value));
            }
        });
    }

    /** The answers another time had (rebuilt from the event history). */
    static AnswerSource of(History.Snapshot snapshot) {
        return of(snapshot, id -> true);
    }

    /**
     * The answers another time had, of the launches {@code answeredHere} accepts: every instance
     * holds the whole history, and each tells the past of the launches it answers now, so that
     * gathered parts do not repeat a launch (decision 47).
     */
    static AnswerSource of(History.Snapshot snapshot, Predicate<String> answeredHere) {
        return new AnswerSource(id -> answeredHere.test(id) ? snapshot.answer(id) : null, snapshot::milestone, snapshot::forecast,
                action -> snapshot.answers().forEach((id, answer) -> {
                    if (answeredHere.test(id)) {
                        action.accept(id, answer);
                    }
                }));
    }
}
