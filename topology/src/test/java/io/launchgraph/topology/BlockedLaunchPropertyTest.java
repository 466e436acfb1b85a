package io.launchgraph.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.launchgraph.avro.LaunchAnswer;
import io.launchgraph.avro.MilestoneEvent;
import io.launchgraph.avro.TeamBlocking;
import io.launchgraph.topology.internal.Answer;
import io.launchgraph.topology.internal.AvroMapping;
import io.launchgraph.topology.internal.MilestoneForecast;
import io.launchgraph.topology.model.ReferenceModel;
import io.launchgraph.topology.testing.LaunchGraphDriver;
import io.launchgraph.topology.testing.Property;
import io.launchgraph.topology.serde.WireFormat;
import io.launchgraph.topology.testing.Scenario;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The topology against the reference model on random organisations (cycles, removals, SOFT
 * edges, unknown and retired milestones, colliding stamps, due dates and needed-by dates), each
 * delivered twice in different random orders with re-sends and random recompute points: answers
 * with their forecasts, the team view and every open milestone's forecast.
 */
class BlockedLaunchPropertyTest {

    /**
     * Each run draws new scenarios, so CI runs add up: 120 a run keeps the whole suite within its
     * 15 minutes on 2 cores (200 took 50 s more).
     */
    private static final int TRIES = 120;

    @ParameterizedTest(name = "on {0} graph partitions")
    @ValueSource(ints = {1, 2, 6})
    void shouldAnswerAsTheReferenceModelDoesWhateverTheDeliveryOrder(int graphPartitions) {
        // Every partition has its own driver that folds everything: fewer tries keep the cost of
        // the larger counts to about a third of the first's each (each run draws new scenarios).
        int tries = switch (graphPartitions) {
            case 1 -> TRIES;
            case 2 -> 25;
            default -> 8;
        };
        Property.forAll("topology answers on " + graphPartitions + " graph partitions equal the reference model's", tries, Scenario::random)
                .shrinkWith(Scenario::shrink)
                .check(scenario -> {
                    // given
                    ReferenceModel model = new ReferenceModel(scenario.events());

                    // when
                    Run first = Run.of(scenario, scenario.deliverySeed(), graphPartitions);
                    Run second = Run.of(scenario, ~scenario.deliverySeed(), graphPartitions);

                    // then
                    for (Run run : List.of(first, second)) {
                        assertThat(run.openAnswers()).as("open launches' answers").isEqualTo(model.answers());
                        assertThat(comparable(run.published)).as("latest blocked-launches record per key")
                                .isEqualTo(comparable(run.storedAnswers));
                        assertThat(run.repeatedRecords).as("records that repeat the previous answer").isEmpty();
                        assertThat(run.teamView()).as("team view").isEqualTo(model.teams());
                        assertThat(run.forecasts).as("milestone forecasts").isEqualTo(model.forecasts());
                        assertThat(run.deadLetters).as("dead letters (self-dependencies)").isEqualTo(run.invalidSent);
                        assertThat(run.closedAnswers().values()).as("final records of launches no longer open")
                                .allMatch(a -> AvroMapping.fromAvro(a).equals(Answer.CLOSED));
                    }
                    assertThat(second.openAnswerBytes).as("answers, byte for byte, of two delivery orders")
                            .isEqualTo(first.openAnswerBytes);
                    assertThat(second.stateBytes).as("folded state, byte for byte, of two delivery orders")
                            .isEqualTo(first.stateBytes);
                    // and: as of earlier instants, from the history the graph task keeps
                    for (Map.Entry<Instant, Map<String, Answer>> asOf : first.asOf.entrySet()) {
                        List<MilestoneEvent> until = scenario.events().stream()
                                .filter(e -> !e.getOccurredAt().isAfter(asOf.getKey()))
                                .toList();
                        ReferenceModel then = new ReferenceModel(until);
                        assertThat(asOf.getValue()).as("answers as of %s", asOf.getKey()).isEqualTo(then.answers());
                        assertThat(first.forecastsAsOf.get(asOf.getKey())).as("forecasts as of %s", asOf.getKey())
                                .isEqualTo(then.forecasts());
                    }
                });
    }

    @Test
    void shouldAnswerWhatIfsAsTheReferenceModelDoesAndLeaveNothingBehind() {
        Property.forAll("what-if outcomes equal the reference model's", TRIES, r -> Map.entry(Scenario.random(r), r.nextLong()))
                .check(scenarioAndSeed -> {
                    // given: a replica fed the folded state a delivery left in the stores
                    Scenario scenario = scenarioAndSeed.getKey();
                    List<MilestoneEvent> hypotheses = scenario.hypotheses(new Random(scenarioAndSeed.getValue()));
                    WhatIf whatIf = new WhatIf();
                    try (LaunchGraphDriver driver = new LaunchGraphDriver()) {
                        scenario.delivery(scenario.deliverySeed()).sent().forEach(driver::send);
                        driver.recompute();
                        LaunchGraphDriver.entries(driver.milestoneStore()).values().forEach(whatIf::put);
                        LaunchGraphDriver.entries(driver.dependencyStore()).values().forEach(whatIf::put);
                    }
                    List<WhatIf.Hypothesis> asked = hypotheses.stream().<WhatIf.Hypothesis>map(WhatIf.Event::new).toList();

                    // when
                    WhatIf.Outcome outcome = whatIf.run(asked);
                    WhatIf.Outcome again = whatIf.run(asked);
                    WhatIf.Outcome nothing = whatIf.run(List.of());

                    // then: as the model with the hypotheses stamped after every real event, in list order
                    Map<String, Answer> before = new ReferenceModel(scenario.events()).answers();
                    Map<String, Answer> after = ReferenceModel.withHypotheses(scenario.events(), hypotheses).answers();
                    Map<String, List<Answer>> expected = new TreeMap<>();
                    java.util.Set<String> open = new java.util.TreeSet<>(before.keySet());
                    open.addAll(after.keySet());
                    open.stream().filter(id -> !java.util.Objects.equals(before.get(id), after.get(id)))
                            .forEach(id -> expected.put(id, java.util.Arrays.asList(before.get(id), after.get(id))));
                    assertThat(changes(outcome)).as("what-if of %s", hypotheses).isEqualTo(expected);
                    assertThat(outcome.unchanged()).as("unchanged").isEqualTo(open.size() - expected.size());
                    // and: it left nothing behind
                    assertThat(changes(again)).as("the same what-if again").isEqualTo(expected);
                    assertThat(nothing.changed()).as("a what-if of nothing").isEmpty();
                    // and: an engine that folded the events itself, rather than fed the stores, says the same
                    io.launchgraph.topology.internal.Engine engine = new io.launchgraph.topology.internal.Engine();
                    scenario.events().stream().filter(e -> EventRules.check(e).isEmpty()).forEach(engine::apply);
                    engine.recompute(launchId -> null);
                    Map<String, List<Answer>> derivedBoth = new TreeMap<>();
                    engine.whatIf(hypotheses.size(), hypotheses::get).changes()
                            .forEach(c -> derivedBoth.put(c.launchId(), java.util.Arrays.asList(c.before(), c.after())));
                    assertThat(derivedBoth).as("what-if deriving both sides").isEqualTo(expected);
                    assertThat(nothing.unchanged()).as("open launches").isEqualTo(before.size());
                });
    }

    private static Map<String, List<Answer>> changes(WhatIf.Outcome outcome) {
        Map<String, List<Answer>> changes = new TreeMap<>();
        outcome.changed().forEach(c -> changes.put(c.launchId(), java.util.Arrays.asList(
                c.before() == null ? null : AvroMapping.fromAvro(c.before()),
                c.after() == null ? null : AvroMapping.fromAvro(c.after()))));
        return changes;
    }

    /**
     * Answers with their cause, in a form whose equals works: Avro's generated equals cannot
     * compare arrays holding logical types inside unions.
     */
    private static Map<String, List<Object>> comparable(Map<String, LaunchAnswer> answers) {
        Map<String, List<Object>> result = new TreeMap<>();
        answers.forEach((id, a) -> result.put(id, List.of(AvroMapping.fromAvro(a), String.valueOf(a.getCauseEventId()))));
        return result;
    }

    /** One delivery of a scenario through the topology, and what came out. */
    private static final class Run {
        Map<String, LaunchAnswer> storedAnswers;
        Map<String, LaunchAnswer> published = new TreeMap<>();
        List<String> repeatedRecords = new ArrayList<>();
        Map<String, TeamBlocking> teamEntries;
        Map<String, MilestoneForecast> forecasts = new TreeMap<>();
        /** Open answers as of instants within the scenario's time span, from the history store. */
        Map<Instant, Map<String, Answer>> asOf = new TreeMap<>();
        Map<Instant, Map<String, MilestoneForecast>> forecastsAsOf = new TreeMap<>();
        Map<String, String> openAnswerBytes = new TreeMap<>();
        Map<String, String> stateBytes = new TreeMap<>();
        int deadLetters;
        int invalidSent;

        static Run of(Scenario scenario, long deliverySeed, int graphPartitions) {
            Scenario.Delivery delivery = scenario.delivery(deliverySeed);
            Run run = new Run();
            try (LaunchGraphDriver driver = new LaunchGraphDriver(graphPartitions)) {
                for (int i = 0; i < delivery.sent().size(); i++) {
                    MilestoneEvent e = delivery.sent().get(i);
                    driver.send(e);
                    if (EventRules.check(e).isPresent()) {
                        run.invalidSent++;
                    }
                    if (delivery.recomputeAfter().contains(i)) {
                        run.collect(driver.recompute().publishedAnswers());
                    }
                }
                run.collect(driver.recompute().publishedAnswers());
                run.deadLetters = driver.deadLetters().size();
                run.storedAnswers = new TreeMap<>(driver.answers());
                run.teamEntries = driver.teamEntries();
                driver.forecasts().forEach((id, f) -> run.forecasts.put(id, AvroMapping.fromAvro(f)));
                Random instants = new Random(deliverySeed);
                for (int i = 0; i < 2 && !scenario.events().isEmpty(); i++) {
                    Instant t = scenario.events().get(instants.nextInt(scenario.events().size())).getOccurredAt();
                    History.Snapshot then = History.asOf(driver.historyStore(), t);
                    Map<String, Answer> open = new TreeMap<>();
                    then.answers().forEach((id, a) -> {
                        if (a.getOpen()) {
                            open.put(id, AvroMapping.fromAvro(a));
                        }
                    });
                    run.asOf.put(t, open);
                    Map<String, MilestoneForecast> forecasts = new TreeMap<>();
                    for (MilestoneEvent e : scenario.events()) {
                        String id = EventRules.entityId(e);
                        io.launchgraph.avro.MilestoneForecast f = then.forecast(id);
                        if (f != null) {
                            forecasts.put(id, AvroMapping.fromAvro(f));
                        }
                    }
                    run.forecastsAsOf.put(t, forecasts);
                }
                Serializer<LaunchAnswer> answers = driver.serdes().valueSerde(LaunchAnswer.class).serializer();
                run.storedAnswers.forEach((id, a) -> {
                    if (a.getOpen()) {
                        // The cause names the last event to touch the answer: that depends on order.
                        LaunchAnswer withoutCause = LaunchAnswer.newBuilder(a).setCauseEventId(null).build();
                        run.openAnswerBytes.put(id, avroHex(answers.serialize("t", withoutCause)));
                    }
                });
                bytesOf(driver.milestoneStore(), driver, "milestone ", run.stateBytes);
                bytesOf(driver.dependencyStore(), driver, "edge ", run.stateBytes);
            }
            return run;
        }

        private static <V extends org.apache.avro.specific.SpecificRecord> void bytesOf(
                KeyValueStore<String, V> store, LaunchGraphDriver driver, String prefix, Map<String, String> into) {
            LaunchGraphDriver.entries(store).forEach((key, value) -> {
                @SuppressWarnings("unchecked")
                Class<V> type = (Class<V>) value.getClass();
                into.put(prefix + key, avroHex(driver.serdes().valueSerde(type).serializer().serialize("t", value)));
            });
        }

        private void collect(List<KeyValue<String, LaunchAnswer>> records) {
            for (KeyValue<String, LaunchAnswer> r : records) {
                LaunchAnswer previous = published.put(r.key, r.value);
                if (previous != null && AvroMapping.fromAvro(previous).equals(AvroMapping.fromAvro(r.value))) {
                    repeatedRecords.add(r.key);
                }
            }
        }

        Map<String, Answer> openAnswers() {
            Map<String, Answer> open = new TreeMap<>();
            storedAnswers.forEach((id, a) -> {
                if (a.getOpen()) {
                    open.put(id, AvroMapping.fromAvro(a));
                }
            });
            return open;
        }

        Map<String, LaunchAnswer> closedAnswers() {
            Map<String, LaunchAnswer> closed = new HashMap<>();
            storedAnswers.forEach((id, a) -> {
                if (!a.getOpen()) {
                    closed.put(id, a);
                }
            });
            return closed;
        }

        Map<String, Map<String, Set<String>>> teamView() {
            Map<String, Map<String, Set<String>>> teams = new TreeMap<>();
            teamEntries.values().forEach(t -> teams.computeIfAbsent(t.getTeamId(), k -> new TreeMap<>())
                    .put(t.getLaunchId(), new TreeSet<>(t.getMilestoneIds())));
            return teams;
        }

        /** The Avro binary after the wire-format header, whose schema id depends on registration order. */
        private static String avroHex(byte[] wireFormat) {
            StringBuilder b = new StringBuilder(wireFormat.length * 2);
            for (int i = WireFormat.HEADER_LENGTH; i < wireFormat.length; i++) {
                b.append(String.format("%02x", wireFormat[i]));
            }
            return b.toString();
        }
    }
}
