package io.launchgraph.app.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.launchgraph.app.json.EventJson;
import io.launchgraph.avro.MilestoneEvent;
import io.launchgraph.avro.MilestoneStatus;
import io.launchgraph.topology.testing.Facts;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code launchgraph watch} as a process (the packaged jar), following a real service: a line per
 * change of the launches it follows, over HTTP across a restart of the service, and straight
 * from {@code blocked-launches} with {@code --kafka}.
 */
@ExtendWith(RealKafkaAndRegistry.class)
class WatchIT {
    private static final Duration LINE = Duration.ofSeconds(60);
    private final Facts f = new Facts();

    private static void post(RunningService s, MilestoneEvent... events) {
        String body = String.join("\n", java.util.Arrays.stream(events).map(e -> EventJson.toJson(e).toString()).toList());
        assertThat(s.post("/events", "application/x-ndjson", body).status()).isEqualTo(202);
    }

    /**
     * Until the launch's answer is the last one its events lead to: blocked by the declared
     * milestone of {@code team} (an earlier answer may name a milestone not declared yet), so that
     * a watcher started now sees only what comes next.
     */
    private static void awaitBlockedBy(RunningService s, String launch, String team) {
        await(launch + " blocked by " + team).atMost(LINE).until(() -> {
            RunningService.Response r = s.get("/launches/" + launch);
            return r.status() == 200 && r.body().path("blocked").asBoolean()
                    && team.equals(r.body().path("rootBlockers").path(0).path("teamId").asText())
                    && "ON_TIME".equals(r.body().path("forecast").path("state").asText());
        });
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 0, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void shouldPrintALinePerChangeAndResumeAfterTheServiceRestarts(RealKafkaAndRegistry.Infra infra, @TempDir Path state) throws Exception {
        // given a service on a port that stays the same across its restart, L blocked by M, K (another team) blocked by N
        String name = "watch-it";
        Map<String, String> port = Map.of("http.port", Integer.toString(freePort()));
        RunningService s = new RunningService(infra, state, name, name + ".", port);
        try {
            post(s, f.launch("L", "team-l", "2027-03-01"), f.milestone("M", "team-m", "2027-02-01"), f.hard("L", "M"),
                    f.launch("K", "team-k", "2027-03-01"), f.milestone("N", "team-n", "2027-02-01"), f.hard("K", "N"));
            awaitBlockedBy(s, "L", "team-m");
            awaitBlockedBy(s, "K", "team-n");
            s.awaitLiveFeedCurrent();
            String before = s.livePosition();

            try (JarProcess watch = new JarProcess("watch", "--url", s.url, "--team", "team-l", "--count", "2", "--color", "never")) {
                watch.awaitErr(l -> l.contains("following changes at " + s.url), LINE);

                // when M is done (L unblocked) and N too (K, another team's launch, unblocked)
                post(s, f.status("N", MilestoneStatus.DONE), f.status("M", MilestoneStatus.DONE));
                watch.awaitOut(1, LINE);
                // (a dashboard's compact stream: L's change, its answer with only the fields asked for, in their order)
                var compact = s.firstLiveChange("launch=L&fields=blocked,launchId", before);
                assertThat(compact.path("kinds").toString()).contains("unblocked");
                assertThat(compact.path("answer").toString()).isEqualTo("{\"blocked\":false,\"launchId\":\"L\"}");

                // and the service restarts on its state, then L waits on a new milestone P
                s.close();
                watch.awaitErr(l -> l.contains("lost the connection"), LINE);
                RunningService restarted = new RunningService(infra, state, name, name + ".", port);
                try {
                    watch.awaitErr(l -> l.contains("reconnected to " + s.url), Duration.ofMinutes(2));
                    // P declared before L waits on it: events of different ids may fold in either order
                    post(restarted, f.milestone("P", "team-p", "2027-02-10"));
                    await("P declared").atMost(LINE).until(() -> restarted.get("/milestones/P").body().path("declared").asBoolean());
                    post(restarted, f.hard("L", "P"));

                    // then one line each, only for team-l's launch, and it stops after two
                    assertThat(watch.exitCode(Duration.ofMinutes(1))).isZero();
                    assertThat(watch.out).hasSize(2);
                    assertThat(watch.out.get(0)).containsPattern("UNBLOCKED +L +team-l .*unblocked");
                    assertThat(watch.out.get(1)).containsPattern("NEWLY BLOCKED +L +team-l .*newly blocked by team-p");
                } finally {
                    restarted.close();
                }
            }
        } finally {
            s.close();
        }
    }

    @Test
    void shouldFollowBlockedLaunchesStraightFromKafka(RealKafkaAndRegistry.Infra infra, @TempDir Path state) throws Exception {
        // given
        String name = "watch-kafka-it";
        try (RunningService s = new RunningService(infra, state, name, name + ".", Map.of())) {
            post(s, f.launch("L", "team-l", "2027-03-01"), f.milestone("M", "team-m", "2027-02-01"), f.hard("L", "M"));
            awaitBlockedBy(s, "L", "team-m");
            s.awaitLiveFeedCurrent();
            List<String> kafka = List.of("watch", "--kafka", "--bootstrap-servers", infra.bootstrapServers(), "--registry-url", infra.registryUrl(),
                    "--application-id", name, "--set", "topic.prefix=" + name + ".", "--color", "never");

            // when one watcher reads from the beginning and one from now, and M slips 20 days past L's due date
            try (JarProcess all = new JarProcess(concat(kafka, "--from-beginning", "--count", "1", "--json"));
                    JarProcess now = new JarProcess(concat(kafka, "--only", "late", "--count", "1"))) {
                now.awaitErr(l -> l.contains("following " + name + ".blocked-launches"), LINE);
                post(s, f.due("M", "2027-03-15"));

                // then the first sees L's first answer (it opened), the other the slip as it happens
                assertThat(all.exitCode(LINE)).isZero();
                assertThat(all.out).singleElement().satisfies(line -> {
                    assertThat(RunningService.JSON.readTree(line).path("launchId").asText()).isEqualTo("L");
                    assertThat(RunningService.JSON.readTree(line).path("kinds").get(0).asText()).isEqualTo("newly-open");
                });
                assertThat(now.exitCode(LINE)).isZero();
                assertThat(now.out).singleElement().asString().containsPattern("FORECAST +L +team-l +2027-03-15 \\(\\+14d\\) .*forecast");
            }
        }
    }

    private static String[] concat(List<String> first, String... more) {
        List<String> all = new java.util.ArrayList<>(first);
        all.addAll(List.of(more));
        return all.toArray(String[]::new);
    }
}
