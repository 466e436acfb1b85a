package io.launchgraph.app.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Event to visible answer at a steady rate: single events over {@code POST /events}, each of which
 * changes one launch's answer, timed from the start of its POST until {@code GET /changes/stream}
 * (server-sent events, followed all along) brings that launch's answer reflecting it.
 *
 * <p>Each event toggles a milestone {@code m} that directly blocks a launch {@code L} between
 * {@code DONE} (then {@code m} leaves L's direct blockers) and {@code AT_RISK} (it is back). Pairs
 * have distinct launches and distinct milestones, and a pair is not sent again while its last
 * event is not visible yet, so every event's effect is known and seen exactly once.
 */
final class Freshness {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration DRAIN = Duration.ofSeconds(15);
    /** What the stream's reader asks for of each answer ({@code fields=}): the direct blockers it checks. */
    static final String STREAM_FIELDS = "launchId,directBlockers";

    /** A launch and one milestone that directly blocks it, and whether it blocks now. */
    private static final class Pair {
        final String launch;
        final String milestone;
        boolean blocking = true;

        Pair(String launch, String milestone) {
            this.launch = launch;
            this.milestone = milestone;
        }
    }

    private record Pending(Pair pair, boolean blocking, long sentNanos) {}

    /** What the run measured. */
    record Result(Latencies quiet, Latencies quietAccepted, Latencies visible, Latencies accepted, int sent, int refused, int notSeen, int skipped,
            double rate, int pairs, long changes) {

        /** Answers that changed on the stream per event sent in the steady phase: the work each event makes. */
        double changesPerEvent() {
            return sent == 0 ? 0 : changes / (double) sent;
        }
    }

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final Map<String, Pending> pending = new ConcurrentHashMap<>();
    /**
     * Pairs whose last event is visible, in the order they became so: the sender takes the next
     * one, rather than looking through thousands of waiting pairs each millisecond (that search
     * took 2.5 s of CPU in every 30, on the two cores the measured service runs on).
     */
    private final Queue<Pair> ready = new ConcurrentLinkedQueue<>();
    /** Where the stream reader records times: the quiet phase's, then the steady one's. */
    private volatile Latencies visible = new Latencies();
    /** The steady phase's POSTs, each until its 202: how much of event to visible is the write itself. */
    private volatile Latencies accepted;
    private final AtomicInteger refused = new AtomicInteger();
    /** Changes of any launch the stream brought since the steady phase began (the drain included). */
    private final AtomicLong changes = new AtomicLong();
    private int eventNumber;
    private final int batchMillis;
    private final Consumer<Phase> marks;

    /** Where the run is: told as each phase begins, so that the caller can read what each cost. */
    enum Phase { QUIET, STEADY, DRAINED }

    /**
     * {@code batchMillis} 0: one POST per event; else the events of each such window in one POST.
     * {@code marks} is told when the quiet phase begins, when the steady one begins, and when its
     * drain has ended.
     */
    Freshness(int batchMillis, Consumer<Phase> marks) {
        this.batchMillis = batchMillis;
        this.marks = marks;
    }

    /**
     * First {@code quietEvents} one at a time, each sent once the one before is visible (a quiet
     * system), then {@code rate} events a second for {@code length}.
     */
    Result run(String url, List<String[]> candidates, int quietEvents, int rate, Duration length) throws IOException, InterruptedException {
        List<Pair> pairs = new ArrayList<>();
        candidates.forEach(c -> pairs.add(new Pair(c[0], c[1])));
        CountDownLatch hello = new CountDownLatch(1);
        // Only the fields it reads, as a dashboard would follow: every change of every launch comes on the stream.
        HttpRequest stream = HttpRequest.newBuilder(URI.create(url + "/changes/stream?fields=" + STREAM_FIELDS)).header("Accept", "text/event-stream")
                .build();
        CompletableFuture<HttpResponse<Stream<String>>> following = http.sendAsync(stream, HttpResponse.BodyHandlers.ofLines());
        Thread reader = new Thread(() -> follow(following, hello), "changes-stream");
        reader.setDaemon(true);
        reader.start();
        if (!hello.await(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("GET /changes/stream said no hello within 30 s");
        }
        Latencies quiet = visible;
        Latencies quietAccepted = new Latencies();
        accepted = quietAccepted;
        marks.accept(Phase.QUIET);
        for (int i = 0; i < Math.min(quietEvents, pairs.size()); i++) {
            send(url, pairs.get(i)).join();
            long deadline = System.nanoTime() + DRAIN.toNanos();
            while (!pending.isEmpty() && System.nanoTime() < deadline) {
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
            }
            pending.clear();
        }
        visible = new Latencies();
        accepted = new Latencies();
        changes.set(0);
        ready.clear();
        ready.addAll(pairs);
        marks.accept(Phase.STEADY);
        long interval = TimeUnit.SECONDS.toNanos(1) / rate;
        long start = System.nanoTime();
        long end = start + length.toNanos();
        int sent = 0;
        int skipped = 0;
        long turn = 0;
        List<CompletableFuture<?>> posts = new ArrayList<>();
        List<String> batch = new ArrayList<>();
        List<String> batchLaunches = new ArrayList<>();
        long batchStart = 0;
        while (System.nanoTime() < end) {
            // One turn per interval: a turn whose every pair still waits sends nothing (the rate drops, as reported).
            LockSupport.parkNanos(start + turn++ * interval - System.nanoTime());
            Pair pair = ready.poll();
            if (pair == null) {
                skipped++;
                continue;
            }
            if (batchMillis == 0) {
                posts.add(send(url, pair));
            } else {
                // Grouped as a client that sends every few milliseconds would: each event's time starts when it is made.
                if (batch.isEmpty()) {
                    batchStart = System.nanoTime();
                }
                batch.add(event(pair));
                batchLaunches.add(pair.launch);
                if (System.nanoTime() - batchStart >= TimeUnit.MILLISECONDS.toNanos(batchMillis)) {
                    posts.add(post(url, List.copyOf(batch), List.copyOf(batchLaunches)));
                    batch.clear();
                    batchLaunches.clear();
                }
            }
            sent++;
        }
        if (!batch.isEmpty()) {
            posts.add(post(url, List.copyOf(batch), List.copyOf(batchLaunches)));
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        CompletableFuture.allOf(posts.toArray(CompletableFuture[]::new)).join();
        long drainEnd = System.nanoTime() + DRAIN.toNanos();
        while (!pending.isEmpty() && System.nanoTime() < drainEnd) {
            TimeUnit.MILLISECONDS.sleep(50);
        }
        int notSeen = pending.size();
        marks.accept(Phase.DRAINED);
        following.cancel(true);
        reader.interrupt();
        synchronized (this) {
            return new Result(quiet, quietAccepted, visible, accepted, sent, refused.get(), notSeen, skipped, sent / seconds, pairs.size(), changes.get());
        }
    }

    /** Toggles the pair's milestone with a new event, now (DONE if it blocks, else AT_RISK), and POSTs it alone. */
    private CompletableFuture<?> send(String url, Pair pair) {
        return post(url, List.of(event(pair)), List.of(pair.launch));
    }

    /** The event that toggles the pair's milestone, from now on waited for. */
    private String event(Pair pair) {
        pair.blocking = !pair.blocking;
        String event = String.format(Locale.ROOT, "{\"type\":\"MilestoneStatusChanged\",\"eventId\":\"fresh-%09d\",\"occurredAt\":\"%s\","
                + "\"source\":\"bench\",\"milestoneId\":\"%s\",\"status\":\"%s\"}", eventNumber++, Instant.now().truncatedTo(ChronoUnit.MILLIS),
                pair.milestone, pair.blocking ? "AT_RISK" : "DONE");
        pending.put(pair.launch, new Pending(pair, pair.blocking, System.nanoTime()));
        return event;
    }

    /** One POST /events of these events (NDJSON when several). */
    private CompletableFuture<?> post(String url, List<String> events, List<String> launches) {
        HttpRequest post = HttpRequest.newBuilder(URI.create(url + "/events"))
                .header("Content-Type", events.size() == 1 ? "application/json" : "application/x-ndjson")
                .timeout(Duration.ofSeconds(30)).POST(HttpRequest.BodyPublishers.ofString(String.join("\n", events))).build();
        long start = System.nanoTime();
        // A POST that fails or times out counts as refused; the run goes on.
        return http.sendAsync(post, HttpResponse.BodyHandlers.ofString()).handle((r, failure) -> {
            if (failure == null && r.statusCode() == 202 && accepted != null) {
                synchronized (this) {
                    accepted.add(System.nanoTime() - start);
                }
            }
            if (failure != null || r.statusCode() != 202) {
                refused.addAndGet(events.size());
                for (String launch : launches) {
                    Pending p = pending.remove(launch);
                    if (p != null) {
                        ready.add(p.pair());
                    }
                }
                if (refused.get() <= 3) {
                    System.out.println("  POST /events failed: " + (failure != null ? failure.getMessage() : r.statusCode() + " " + r.body()));
                }
            }
            return null;
        });
    }

    /** Reads the stream: for each change of a launch that waits, checks whether its answer shows the event. */
    private void follow(CompletableFuture<HttpResponse<Stream<String>>> following, CountDownLatch hello) {
        String event = null;
        try (Stream<String> lines = following.get().body()) {
            for (String line : (Iterable<String>) lines::iterator) {
                if (line.startsWith("event: ")) {
                    event = line.substring("event: ".length());
                    if (event.equals("hello")) {
                        hello.countDown();
                    }
                } else if (line.startsWith("data: ") && "change".equals(event)) {
                    changed(line.substring("data: ".length()), System.nanoTime());
                }
            }
        } catch (IOException | RuntimeException e) {
            // The stream is cancelled at the end of the run; an earlier end shows as events not seen.
            return;
        } catch (java.util.concurrent.ExecutionException e) {
            System.out.println("  GET /changes/stream failed: " + e.getCause().getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void changed(String data, long at) throws IOException {
        changes.incrementAndGet();
        // Only the launches that wait are parsed: the stream also carries every other change.
        int from = data.indexOf("\"launchId\":\"") + "\"launchId\":\"".length();
        String launch = data.substring(from, data.indexOf('"', from));
        Pending p = pending.get(launch);
        if (p == null) {
            return;
        }
        JsonNode answer = JSON.readTree(data).path("answer");
        Set<String> direct = new HashSet<>();
        answer.path("directBlockers").forEach(b -> direct.add(b.path("milestoneId").asText()));
        if (direct.contains(p.pair().milestone) == p.blocking() && pending.remove(launch, p)) {
            synchronized (this) {
                visible.add(at - p.sentNanos());
            }
            ready.add(p.pair());
        }
    }
}
