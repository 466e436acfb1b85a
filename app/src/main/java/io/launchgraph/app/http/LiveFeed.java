package io.launchgraph.app.http;

import io.launchgraph.app.serde.WrittenAnswers;
import io.launchgraph.app.whatif.WhatIfReplica;
import io.launchgraph.avro.LaunchAnswer;
import io.launchgraph.avro.MilestoneState;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The answers of {@code blocked-launches} as changes a person follows: each committed record of
 * a launch compared with its previous one ("newly blocked by team-x", "forecast +12 days"). Read
 * from the beginning of the topic at start (it is compacted: every launch's latest answer is
 * there), so each change is said against the answer before it; listeners hear only what comes
 * after the position they start from. The last {@link #KEPT} changes are kept, so a reader that
 * lost its connection resumes where it was (its position is the last event id it saw).
 */
public final class LiveFeed implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LiveFeed.class);
    /**
     * Changes kept for readers that resume: seconds to minutes of a busy organisation, about 25 MB
     * at 100k milestones, as successive views of a launch share what did not change.
     */
    public static final int KEPT = 10_000;
    /** The position before every change kept. */
    public static final String BEGINNING = "beginning";
    private static final Duration POLL = Duration.ofMillis(100);
    private static final Duration DESCRIPTOR_WAIT = Duration.ofSeconds(2);

    /** How a launch stood before a change: whether blocked, and its forecast. */
    public record LiveBefore(boolean blocked, String forecast, java.time.LocalDate date, Integer slipDays) {}

    /**
     * One launch's answer changed: its team and labels, what kind of change ({@code newly-open},
     * {@code newly-blocked}, {@code unblocked}, {@code new-root-cause}, {@code forecast-moved},
     * {@code closed}, or {@code changed} for anything else), the line {@code GET /changes} would
     * say, when the feed read it, how it stood before (null when it was not open) and its answer
     * now (null when it is no longer open).
     */
    public record LiveChange(
            String launchId, String teamId, Map<String, String> labels, List<String> kinds, String summary, Instant at,
            LiveBefore before, Views.Launch answer) {}

    /** Which changes a reader wants; null or empty parts match everything. */
    public record Filter(String team, Map<String, String> labels, Set<String> launches, String only) {
        public Filter {
            labels = labels == null ? Map.of() : Map.copyOf(labels);
            launches = launches == null ? Set.of() : Set.copyOf(launches);
            if (only != null && !only.equals("blocked") && !only.equals("late")) {
                throw new IllegalArgumentException("only must be blocked or late, not \"" + only + "\"");
            }
        }

        public static final Filter ALL = new Filter(null, null, null, null);

        /**
         * Whether the change concerns what the reader follows: the launch's team, labels and id;
         * {@code only=blocked} keeps launches blocked before or after, {@code only=late} those
         * LATE or NEVER before or after.
         */
        public boolean test(LiveChange c) {
            if (team != null && !team.equals(c.teamId())) {
                return false;
            }
            if (!launches.isEmpty() && !launches.contains(c.launchId())) {
                return false;
            }
            for (var l : labels.entrySet()) {
                if (c.labels() == null || !l.getValue().equals(c.labels().get(l.getKey()))) {
                    return false;
                }
            }
            if ("blocked".equals(only)) {
                return (c.before() != null && c.before().blocked()) || (c.answer() != null && c.answer().blocked());
            }
            if ("late".equals(only)) {
                return (c.before() != null && late(c.before().forecast()))
                        || (c.answer() != null && c.answer().forecast() != null && late(c.answer().forecast().state()));
            }
            return true;
        }

        private static boolean late(String state) {
            return "LATE".equals(state) || "NEVER".equals(state);
        }
    }

    /** Hears changes in topic order, on the feed's thread: keep it short. */
    public interface Listener {
        /** A change, and the position to resume after it. */
        void changed(String position, LiveChange change);

        /** Changes were missed: the reader's position is older than the changes kept. */
        void reset(String reason);

        /** The feed stopped (the service is stopping). */
        default void closed() {}
    }

    private record Entry(int partition, long offset, String position, LiveChange change) {}

    private record Subscription(long[] from, Filter filter, Listener listener) {}

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final String topic;
    private final Deserializer<LaunchAnswer> answers;
    private final WhatIfReplica replica;
    private final Thread thread;
    private final int keep;
    private final Map<String, Views.Launch> last = new HashMap<>();
    /** One copy of each id and team, for the views kept here (the feed's thread only). */
    private final Map<String, String> names = new HashMap<>();
    /** One instance of each date the kept views hold (two in every risk entry; the feed's thread only). */
    private final Map<LocalDate, LocalDate> dates = new HashMap<>();
    /**
     * Every open launch's view and the last changes are kept, and they name the same milestones
     * thousands of times over (paths of root blockers): each decoded as its own string, that was
     * most of the service's heap at 100k milestones. Views take one copy of each id, team and date.
     */
    private final Views.Canonical canonical = Views.Canonical.sharing(names, dates);
    /** The answers this process wrote, taken as written rather than decoded again; null in a process that writes none. */
    private final WrittenAnswers written;
    /** Records of answers read, taken as written and decoded (the feed's thread only; said at close). */
    private long taken;
    private long decoded;
    private final Deque<Entry> kept = new ArrayDeque<>();
    private final List<Subscription> subscriptions = new CopyOnWriteArrayList<>();
    private final Object lock = new Object();
    private long[] next = new long[0];
    private long[] evictedUpTo = new long[0];
    private long[] endAtStart = new long[0];
    private volatile boolean running = true;
    private volatile boolean caughtUp;
    private volatile String status = "starting";

    /**
     * @param kafkaClients bootstrap servers and any client settings the deployment passes to Kafka
     * @param replica where a launch's team, name, labels and due date are looked up
     */
    public LiveFeed(Map<String, Object> kafkaClients, String clientId, String topic, Deserializer<LaunchAnswer> answers,
            WhatIfReplica replica) {
        this(kafkaClients, clientId, topic, answers, replica, KEPT, null);
    }

    /**
     * @param keep how many changes to keep for readers that start from an earlier position
     * @param written the answers this process's graph task writes to {@code topic}, or null where it runs none
     */
    public LiveFeed(Map<String, Object> kafkaClients, String clientId, String topic, Deserializer<LaunchAnswer> answers,
            WhatIfReplica replica, int keep, WrittenAnswers written) {
        Map<String, Object> config = new HashMap<>(kafkaClients);
        // Only answers whose transaction committed: what the stores and the topic agree on.
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
        config.remove(ConsumerConfig.GROUP_ID_CONFIG);
        this.consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        this.topic = topic;
        this.answers = answers;
        this.replica = replica;
        this.keep = keep;
        this.written = written;
        this.thread = new Thread(this::run, "launchgraph-live-feed");
        this.thread.setDaemon(true);
    }

    public LiveFeed start() {
        thread.start();
        return this;
    }

    /** Whether the feed has read what the topic held when it started. */
    public boolean caughtUp() {
        return caughtUp;
    }

    /** What the feed is doing, for those waiting on it. */
    public String status() {
        return status;
    }

    /** Waits until {@link #caughtUp}, at most {@code timeout}; whether it has. */
    public boolean awaitCaughtUp(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (lock) {
            while (!caughtUp) {
                long left = deadline - System.nanoTime();
                if (left <= 0 || !running) {
                    return false;
                }
                lock.wait(Math.max(1, left / 1_000_000));
            }
            return true;
        }
    }

    /** A reader's subscription: where it started, and how it stops. */
    public record Handle(String start, Runnable stop) {}

    /**
     * Starts telling {@code listener} the changes after {@code position} (a position a change came
     * with), or, when null or not one of ours, those after now. Changes kept since that position
     * are told at once, before this returns.
     */
    public Handle subscribe(String position, Filter filter, Listener listener) {
        synchronized (lock) {
            if (!caughtUp) {
                throw new IllegalStateException("the live feed has not read blocked-launches yet");
            }
            long[] from = BEGINNING.equals(position) ? new long[next.length] : parse(position);
            if (from == null) {
                from = now();
            } else if (missed(from)) {
                listener.reset("changes after " + position + " are no longer kept; reload and follow from now");
                from = now();
            } else {
                for (Entry e : kept) {
                    if (e.offset() >= from[e.partition()] && filter.test(e.change())) {
                        listener.changed(e.position(), e.change());
                    }
                }
                from = now();
            }
            Subscription s = new Subscription(from, filter, listener);
            subscriptions.add(s);
            return new Handle(format(from), () -> subscriptions.remove(s));
        }
    }

    /** The position after everything read so far, and never before what the topic held at start. */
    public String position() {
        synchronized (lock) {
            return format(now());
        }
    }

    private long[] now() {
        long[] from = next.clone();
        for (int p = 0; p < from.length && p < endAtStart.length; p++) {
            from[p] = Math.max(from[p], endAtStart[p]);
        }
        return from;
    }

    private boolean missed(long[] from) {
        for (int p = 0; p < from.length; p++) {
            if (from[p] <= evictedUpTo[p]) {
                return true;
            }
        }
        return false;
    }

    /** A position is "partition:offset" pairs, comma-separated, one per partition of the topic. */
    private long[] parse(String position) {
        if (position == null || position.isBlank() || next.length == 0) {
            return null;
        }
        long[] from = new long[next.length];
        Arrays.fill(from, -1);
        try {
            for (String pair : position.split(",", -1)) {
                String[] po = pair.split(":", -1);
                from[Integer.parseInt(po[0].trim())] = Long.parseLong(po[1].trim());
            }
        } catch (RuntimeException e) {
            return null;
        }
        return Arrays.stream(from).anyMatch(o -> o < 0) ? null : from;
    }

    private static String format(long[] offsets) {
        List<String> pairs = new ArrayList<>();
        for (int p = 0; p < offsets.length; p++) {
            pairs.add(p + ":" + offsets[p]);
        }
        return String.join(",", pairs);
    }

    private void run() {
        try {
            // Changes name a launch's team and labels: wait until the replica knows the organisation.
            status = "waiting for the changelogs that name the launches' teams";
            while (running && !replica.awaitReady(Duration.ofSeconds(1))) {
                LOG.debug("Live feed waiting for the what-if replica");
            }
            if (!running) {
                return;
            }
            List<TopicPartition> partitions = List.of();
            while (running && partitions.isEmpty()) {
                status = "waiting for topic " + topic;
                partitions = consumer.partitionsFor(topic, Duration.ofSeconds(10)).stream()
                        .map(i -> new TopicPartition(topic, i.partition())).sorted((a, b) -> Integer.compare(a.partition(), b.partition())).toList();
            }
            status = "reading " + topic;
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            synchronized (lock) {
                next = new long[partitions.size()];
                evictedUpTo = new long[partitions.size()];
                Arrays.fill(evictedUpTo, -1);
                endAtStart = new long[partitions.size()];
                ends.forEach((tp, o) -> endAtStart[tp.partition()] = o);
            }
            while (running) {
                var records = consumer.poll(POLL);
                synchronized (lock) {
                    for (ConsumerRecord<byte[], byte[]> r : records) {
                        take(r);
                    }
                    for (TopicPartition tp : partitions) {
                        next[tp.partition()] = consumer.position(tp);
                    }
                }
                if (!caughtUp && reached(endAtStart)) {
                    synchronized (lock) {
                        caughtUp = true;
                        status = "following " + topic;
                        lock.notifyAll();
                    }
                    LOG.info("Live feed caught up");
                }
            }
        } catch (WakeupException | InterruptedException e) {
            // close() stops the loop.
        } catch (RuntimeException e) {
            status = "stopped: " + e;
            // Readers are told (they reconnect and get 503 saying why) rather than left with keep-alives only.
            caughtUp = false;
            subscriptions.forEach(sub -> sub.listener().closed());
            subscriptions.clear();
            LOG.error("The live feed stopped; live changes stop until a restart", e);
        } finally {
            consumer.close(Duration.ofSeconds(5));
            LOG.info("Live feed read {} answers: {} taken as this process wrote them, {} decoded", taken + decoded, taken, decoded);
        }
    }

    private boolean reached(long[] target) {
        synchronized (lock) {
            for (int p = 0; p < target.length; p++) {
                if (next[p] < target[p]) {
                    return false;
                }
            }
            return true;
        }
    }

    private void take(ConsumerRecord<byte[], byte[]> r) {
        if (r.key() == null) {
            return;
        }
        String launchId = new String(r.key(), java.nio.charset.StandardCharsets.UTF_8);
        LaunchAnswer answer;
        try {
            answer = r.value() == null || written == null ? null : written.take(launchId, r.value());
            if (answer != null) {
                taken++;
            } else if (r.value() != null) {
                answer = answers.deserialize(r.topic(), r.value());
                decoded++;
            }
        } catch (RuntimeException e) {
            LOG.warn("Live feed skips {}@{}/{} ({})", r.topic(), r.partition(), r.offset(), e.toString());
            return;
        }
        LiveChange change = change(launchId, answer);
        next[r.partition()] = r.offset() + 1;
        if (change == null) {
            return;
        }
        Entry entry = new Entry(r.partition(), r.offset(), format(next), change);
        kept.addLast(entry);
        if (kept.size() > keep) {
            Entry gone = kept.removeFirst();
            evictedUpTo[gone.partition()] = gone.offset();
        }
        for (Subscription s : subscriptions) {
            if (r.offset() >= s.from()[r.partition()] && s.filter().test(change)) {
                try {
                    s.listener().changed(entry.position(), change);
                } catch (RuntimeException e) {
                    LOG.debug("A live listener failed; dropping it", e);
                    subscriptions.remove(s);
                }
            }
        }
    }

    /** The change a launch's new answer makes, against the answer before it; null when it changes nothing. */
    private LiveChange change(String launchId, LaunchAnswer answer) {
        Function<String, MilestoneState> milestones = id -> replica.whatIf().milestone(id);
        if (answer != null && answer.getOpen() && milestones.apply(launchId) == null) {
            // The answer and the launch's own state commit together, but the replica reads them on its own.
            replica.awaitMilestone(launchId, DESCRIPTOR_WAIT);
        }
        // Shared with the launch's view before it: the changes kept hold thousands of views, mostly alike.
        Views.Launch after = answer == null || !answer.getOpen() ? null : Views.sharing(Views.launch(answer, milestones, canonical), last.get(launchId));
        Views.Launch before = after == null ? last.remove(launchId) : last.put(launchId, after);
        if (before == null && after == null) {
            return null;
        }
        MilestoneState launch = milestones.apply(launchId);
        var d = launch == null ? null : launch.getDescriptor();
        String summary = ChangeSummary.of(before, after, Views.status(launch));
        return new LiveChange(launchId, d == null ? null : d.getTeamId(), d == null ? Map.of() : d.getLabels(), kinds(before, after), summary,
                Instant.now(), before == null ? null : brief(before), after);
    }

    private static LiveBefore brief(Views.Launch l) {
        Views.Forecast f = l.forecast();
        return new LiveBefore(l.blocked(), f == null ? null : f.state(), f == null ? null : f.date(), f == null ? null : f.slipDays());
    }

    static List<String> kinds(Views.Launch before, Views.Launch after) {
        if (before == null) {
            return List.of("newly-open");
        }
        if (after == null) {
            return List.of("closed");
        }
        List<String> kinds = new ArrayList<>();
        if (after.blocked() && !before.blocked()) {
            kinds.add("newly-blocked");
        } else if (!after.blocked() && before.blocked()) {
            kinds.add("unblocked");
        } else if (after.blocked() && !ChangeSummary.newRootBlockers(before, after).isEmpty()) {
            kinds.add("new-root-cause");
        }
        Views.Forecast fb = before.forecast();
        Views.Forecast fa = after.forecast();
        if (!Objects.equals(fb == null ? null : fb.state(), fa == null ? null : fa.state())
                || !Objects.equals(fb == null ? null : fb.date(), fa == null ? null : fa.date())) {
            kinds.add("forecast-moved");
        }
        if (kinds.isEmpty()) {
            kinds.add("changed");
        }
        return kinds;
    }

    @Override
    public void close() {
        running = false;
        subscriptions.forEach(s -> s.listener().closed());
        subscriptions.clear();
        consumer.wakeup();
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
