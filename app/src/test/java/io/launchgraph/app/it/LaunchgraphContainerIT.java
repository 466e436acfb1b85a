package io.launchgraph.app.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.launchgraph.app.json.EventJson;
import io.launchgraph.app.registry.RegistryClientConfig;
import io.launchgraph.avro.MilestoneEvent;
import io.launchgraph.topology.Topics;
import io.launchgraph.topology.bench.GeneratedOrganisation;
import io.launchgraph.topology.internal.Answer;
import io.launchgraph.topology.model.ReferenceModel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.containers.GenericContainer;

/**
 * The launchgraph image as users run it: a container in serve mode against a broker and a
 * registry that are containers too (the local images, on the host's network).
 */
@ExtendWith(ContainerStack.class)
class LaunchgraphContainerIT {
    private static final Logger LOG = LoggerFactory.getLogger(LaunchgraphContainerIT.class);
    /** A killed instance leaves the group after this long instead of Kafka's default 45 s. */
    private static final String[] QUICK_FAILOVER = {"kafka.session.timeout.ms=6000", "kafka.heartbeat.interval.ms=1500"};

    @Test
    void shouldAnswerAsTheReferenceModelAndPublishEachAnswerFromAContainer(ContainerStack.Stack stack) {
        // given: one launchgraph container
        String name = "box-" + UUID.randomUUID().toString().substring(0, 8);
        int port = LocalDocker.freePort();
        GeneratedOrganisation org = new GeneratedOrganisation(600, 5);
        List<MilestoneEvent> events = new ArrayList<>(org.initialEvents);
        events.addAll(org.steadyEvents(300));
        Map<String, Answer> expected = new ReferenceModel(events).answers();
        try (GenericContainer<?> box = stack.launchgraph(name, name + ".", port)) {
            start(box);
            ApiClient api = new ApiClient("http://127.0.0.1:" + port);

            // when
            post(api, events);

            // then: the API answers as the model, and blocked-launches carries each answer once committed
            await("answers from the container").atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofSeconds(1))
                    .untilAsserted(() -> assertThat(api.openAnswers()).as(LocalDocker.tail(box, 30)).isEqualTo(expected));
            await("blocked-launches to follow").atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofSeconds(1))
                    .untilAsserted(() -> assertThat(latestOpen(stack, name)).isEqualTo(expected));
            assertThat(box.getCurrentContainerInfo().getConfig().getUser()).as("the service runs as a non-root user").isEqualTo("10001:10001");
        }
    }

    @Test
    void shouldAnswerEverythingFromTheOtherContainerWhenOneIsKilled(ContainerStack.Stack stack) {
        // given: two containers of one application sharing the work
        String name = "pair-" + UUID.randomUUID().toString().substring(0, 8);
        int portA = LocalDocker.freePort();
        int portB = LocalDocker.freePort();
        GeneratedOrganisation org = new GeneratedOrganisation(600, 6);
        List<MilestoneEvent> before = new ArrayList<>(org.initialEvents);
        before.addAll(org.steadyEvents(200));
        List<MilestoneEvent> after = org.steadyEvents(300);
        List<MilestoneEvent> all = new ArrayList<>(before);
        all.addAll(after);
        try (GenericContainer<?> a = stack.launchgraph(name, name + ".", portA, QUICK_FAILOVER);
                GenericContainer<?> b = stack.launchgraph(name, name + ".", portB, QUICK_FAILOVER)) {
            start(a);
            start(b);
            ApiClient apiA = new ApiClient("http://127.0.0.1:" + portA);
            ApiClient apiB = new ApiClient("http://127.0.0.1:" + portB);
            post(apiA, before);
            Map<String, Answer> expectedBefore = new ReferenceModel(before).answers();
            for (ApiClient api : List.of(apiA, apiB)) {
                await("answers from " + api.url()).atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofSeconds(1))
                        .untilAsserted(() -> assertThat(api.openAnswers()).isEqualTo(expectedBefore));
            }

            // when: one is killed (SIGKILL: no shutdown, no goodbye to the group), and events keep coming to the other
            LocalDocker.kill(a);
            post(apiB, after);

            // then: the other takes over every partition the killed one held and answers everything
            Map<String, Answer> expected = new ReferenceModel(all).answers();
            assertThat(expected).isNotEqualTo(expectedBefore);
            await("the survivor to answer everything").atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofSeconds(1))
                    .untilAsserted(() -> assertThat(apiB.openAnswers()).as(LocalDocker.tail(b, 30)).isEqualTo(expected));
            for (String launch : expected.keySet()) {
                assertThat(RunningService.answer(apiB.get("/launches/" + launch).body())).isEqualTo(expected.get(launch));
            }
            await("blocked-launches to follow").atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofSeconds(1))
                    .untilAsserted(() -> assertThat(latestOpen(stack, name)).isEqualTo(expected));
        }
    }

    private static void start(GenericContainer<?> container) {
        long begin = System.nanoTime();
        container.start();
        LOG.info("A launchgraph container was ready {} ms after it was started", (System.nanoTime() - begin) / 1_000_000);
    }

    private static void post(ApiClient api, List<MilestoneEvent> events) {
        List<String> lines = events.stream().map(e -> EventJson.toJson(e).toString()).toList();
        for (int from = 0; from < lines.size(); from += 1_000) {
            RunningService.Response r = api.post("/events", "application/x-ndjson", String.join("\n", lines.subList(from, Math.min(lines.size(), from + 1_000))));
            assertThat(r.status()).as(r.raw().body()).isEqualTo(202);
        }
    }

    /** The latest record of each launch on blocked-launches that is still open (a closed launch's last record says so). */
    private static Map<String, Answer> latestOpen(ContainerStack.Stack stack, String prefix) {
        Map<String, Answer> latest = new TreeMap<>(Deployment.latestAnswers(stack.bootstrapServers(), prefix + "." + Topics.BLOCKED_LAUNCHES.name(),
                Map.of(RegistryClientConfig.URL, stack.registryUrl())));
        latest.values().removeIf(a -> !a.open());
        return latest;
    }
}
