package io.launchgraph.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.launchgraph.app.demo.DemoOrganisation;
import io.launchgraph.app.json.EventJson;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** `launchgraph publish --demo` and its refusals, against a stand-in for the HTTP API. */
class PublishCommandTest {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        return Cli.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
    }

    @Test
    void shouldPublishTheDemoOrganisationOverHttpInOneRequest() throws IOException {
        // given: an API that takes whatever it is sent
        List<String> bodies = new CopyOnWriteArrayList<>();
        HttpServer api = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        api.createContext("/events", exchange -> {
            bodies.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            exchange.sendResponseHeaders(202, -1);
            exchange.close();
        });
        api.start();
        try {
            // when
            int code = run("publish", "--demo", "--url", "http://127.0.0.1:" + api.getAddress().getPort());

            // then: every event of the demo, each one a valid event in its JSON form
            assertThat(code).as(err.toString()).isZero();
            assertThat(bodies).hasSize(1);
            List<String> lines = bodies.get(0).lines().toList();
            assertThat(lines).hasSize(DemoOrganisation.events().size());
            assertThat(lines).allSatisfy(l -> assertThat(EventJson.parse(l)).isInstanceOf(EventJson.Accepted.class));
            assertThat(out.toString()).contains("published the demo organisation: " + lines.size() + " events");
        } finally {
            api.stop(0);
        }
    }

    @Test
    void shouldAskForAFileOrTheDemoButNotBoth() {
        // when
        int neither = run("publish");
        int both = run("publish", "events.jsonl", "--demo");

        // then
        assertThat(neither).isEqualTo(2);
        assertThat(both).isEqualTo(2);
        assertThat(err.toString()).contains("give a FILE (or - for standard input), or --demo").doesNotContain("Exception");
    }

    @Test
    void shouldRefuseIfEmptyWithoutKafka() {
        // when
        int code = run("publish", "--demo", "--if-empty");

        // then
        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).contains("--if-empty looks at the events topic itself: add --kafka");
    }
}
