package io.launchgraph.topology;

import io.launchgraph.avro.LaunchAnswer;
import io.launchgraph.avro.MilestoneEvent;
import io.launchgraph.avro.MilestoneForecast;
import io.launchgraph.avro.MilestoneState;
import io.launchgraph.topology.internal.Answer;
import io.launchgraph.topology.internal.AvroMapping;
import io.launchgraph.topology.internal.Engine;
import io.launchgraph.topology.internal.Milestone;
import java.time.Instant;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * The accepted events the graph task keeps ({@link StateStores#EVENT_HISTORY}), and the answers
 * they give at another time: SEMANTICS.md "Other times". Keys order events by
 * {@code (occurredAt, eventId)}, so the events that occurred at or before an instant are one
 * range of the store.
 */
public final class History {

    private History() {}

    /**
     * The history key of an event: its {@code occurredAt} in milliseconds as 16 hex digits (the
     * sign bit flipped, so that byte order is time order, years before 1970 included), a space,
     * and its eventId. Ids are printable ASCII above the space, so keys sort by (instant, id).
     */
    public static String key(Instant occurredAt, String eventId) {
        return instant(occurredAt) + StateStores.KEY_SEPARATOR + eventId;
    }

    public static String key(MilestoneEvent event) {
        return key(event.getOccurredAt(), event.getEventId());
    }

    /** The largest possible key of an event at {@code t}: every event at or before t sorts at or below it. */
    public static String lastKeyAt(Instant t) {
        return instant(t) + StateStores.KEY_SEPARATOR + '\u007f';
    }

    private static String instant(Instant t) {
        // Once per event in the graph task: String.format cost 2 % of its time there.
        String hex = Long.toHexString(t.toEpochMilli() ^ Long.MIN_VALUE);
        return "0".repeat(16 - hex.length()) + hex;
    }

    /**
     * Whether two events with the same key state the same fact (the source may differ: a fact
     * re-sent by another system is still one fact). Compared field by field through the generated
     * records' own models, which know the date conversions and compare maps as maps.
     */
    public static boolean sameFact(MilestoneEvent a, MilestoneEvent b) {
        return a.getOccurredAt().equals(b.getOccurredAt())
                && a.getEventId().equals(b.getEventId())
                && a.getEvent().getClass() == b.getEvent().getClass()
                && a.getEvent().equals(b.getEvent());
    }

    /**
     * Whether two answers say the same (the cause of each is left out: an answer rebuilt for
     * another time has none). Null stands for no open answer.
     */
    public static boolean sameAnswer(LaunchAnswer a, LaunchAnswer b) {
        if (a == null || b == null) {
            return a == b;
        }
        return AvroMapping.fromAvro(a).equals(AvroMapping.fromAvro(b));
    }

    /** The answers as of {@code t}: from exactly the accepted events that occurred at or before it. */
    public static Snapshot asOf(ReadOnlyKeyValueStore<String, MilestoneEvent> history, Instant t) {
        Engine engine = new Engine();
        try (KeyValueIterator<String, MilestoneEvent> events = history.range(null, lastKeyAt(t))) {
            events.forEachRemaining(kv -> engine.apply(kv.value));
        }
        return derived(engine);
    }

    /** The answers of the accepted events given, in any order (the fold does not mind). */
    public static Snapshot replay(Iterable<MilestoneEvent> events) {
        Engine engine = new Engine();
        events.forEach(engine::apply);
        return derived(engine);
    }

    private static Snapshot derived(Engine engine) {
        Engine.Recomputed all = engine.recompute(launchId -> null);
        Map<String, Answer> answers = new TreeMap<>();
        all.answers().forEach(change -> answers.put(change.launchId(), change.after()));
        Map<String, io.launchgraph.topology.internal.MilestoneForecast> forecasts = new HashMap<>();
        all.forecasts().forEach(change -> forecasts.put(change.milestoneId(), change.after()));
        return new Snapshot(engine, answers, forecasts);
    }

    /**
     * The answers of one state of the organisation, in the forms the stores hold them: what a
     * service that had received only those events would answer.
     */
    public static final class Snapshot {
        private final Engine engine;
        private final Map<String, Answer> open;
        private final Map<String, io.launchgraph.topology.internal.MilestoneForecast> forecasts;

        private Snapshot(Engine engine, Map<String, Answer> open, Map<String, io.launchgraph.topology.internal.MilestoneForecast> forecasts) {
            this.engine = engine;
            this.open = Collections.unmodifiableMap(open);
            this.forecasts = forecasts;
        }

        /**
         * The answer of a launch: open, or closed when the id is a declared launch that is not
         * open (done, cancelled, retired); null when no launch of that id was ever declared.
         */
        public LaunchAnswer answer(String launchId) {
            Answer a = open.get(launchId);
            if (a != null) {
                return AvroMapping.toAvro(launchId, a, null);
            }
            Milestone m = engine.graph().milestone(launchId);
            return m != null && m.isLaunch() ? AvroMapping.toAvro(launchId, Answer.CLOSED, null) : null;
        }

        /** Every declared launch, open or not, with its answer, by id. */
        public Map<String, LaunchAnswer> answers() {
            Map<String, LaunchAnswer> all = new TreeMap<>();
            for (String id : engine.graph().ids()) {
                LaunchAnswer a = answer(id);
                if (a != null) {
                    all.put(id, a);
                }
            }
            return all;
        }

        /** The folded state of a milestone, or null when no event named it. */
        public MilestoneState milestone(String id) {
            Milestone m = engine.graph().milestone(id);
            return m == null ? null : AvroMapping.toAvro(m);
        }

        /** The forecast of an open milestone, or null. */
        public MilestoneForecast forecast(String id) {
            var f = forecasts.get(id);
            return f == null ? null : AvroMapping.toAvro(id, f);
        }
    }
}
