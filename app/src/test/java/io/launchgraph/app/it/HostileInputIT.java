package io.launchgraph.app.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.launchgraph.app.json.EventJson;
import io.launchgraph.avro.MilestoneEvent;
import io.launchgraph.topology.Topics;
import io.launchgraph.topology.bench.GeneratedOrganisation;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A corpus of hostile input against the HTTP API, sent as raw bytes so that no client library
 * tidies it first: each is refused with the right status and a JSON error, nothing is published,
 * and the service keeps answering. Prints the tally.
 */
@ExtendWith(RealKafkaAndRegistry.class)
class HostileInputIT {
    private final List<String> tally = new ArrayList<>();

    /** One raw exchange: the status line's code, the response's header block and body. */
    private record Raw(int status, String headers, String body) {}

    @Test
    void shouldRefuseEveryHostileInputWithItsStatusAndPublishNothing(RealKafkaAndRegistry.Infra infra, @TempDir Path state) throws Exception {
        String name = "hostile-" + UUID.randomUUID().toString().substring(0, 8);
        try (RunningService s = new RunningService(infra, state, name, name + ".", Map.of())) {
            int port = URI.create(s.url).getPort();
            String events = name + "." + Topics.MILESTONE_EVENTS.name();
            long before = Deployment.endOffsets(infra.bootstrapServers(), events);

            // a body past the limit (16 MiB by default), as JSON Lines
            byte[] huge = "{\"x\":1}\n".repeat(17 * 1024 * 1024 / 8).getBytes(StandardCharsets.UTF_8);
            expect("body of 17 MiB", post(port, "application/x-ndjson", huge), 400, "larger than the limit");
            // JSON nested 100,000 deep
            byte[] deep = ("[".repeat(100_000) + "]".repeat(100_000)).getBytes(StandardCharsets.UTF_8);
            expect("JSON nested 100,000 deep", post(port, "application/json", deep), 400, "nesting depth");
            // bytes that are not UTF-8 in an id and a name
            byte[] latin = concat("{\"type\":\"MilestoneDeclared\",\"eventId\":\"e".getBytes(StandardCharsets.UTF_8), new byte[] {(byte) 0xff, (byte) 0xfe},
                    "\",\"occurredAt\":\"2026-10-01T12:00:00Z\",\"source\":\"s\",\"milestoneId\":\"m\",\"teamId\":\"t\",\"name\":\"".getBytes(StandardCharsets.UTF_8),
                    new byte[] {(byte) 0xc3, 0x28}, "\",\"kind\":\"LAUNCH\"}".getBytes(StandardCharsets.UTF_8));
            expect("invalid UTF-8", post(port, "application/json", latin), 400, "UTF-8");
            // 10,000 good events and one bad among them
            GeneratedOrganisation org = new GeneratedOrganisation(3_000, 3);
            List<String> lines = new ArrayList<>(org.initialEvents.stream().limit(10_000).map(e -> EventJson.toJson(e).toString()).toList());
            lines.add(5_000, lines.get(5_000).replace("\"occurredAt\":\"", "\"occurredAt\":\"x"));
            assertThat(lines).hasSizeGreaterThan(9_000);
            Raw oneBad = post(port, "application/x-ndjson", String.join("\n", lines).getBytes(StandardCharsets.UTF_8));
            expect(lines.size() + " events, one bad", oneBad, 400, "\"line\":5001");
            assertThat(oneBad.body()).contains("1 of " + lines.size() + " events refused; nothing was published");
            // paths that climb out of the page's folder or hide a traversal
            for (String path : List.of("/../../../../etc/passwd", "/%2e%2e/%2e%2e/etc/passwd", "/vendor/../../../../etc/passwd",
                    "/css/..%5c..%5c..%5cetc%5cpasswd", "/launches/..%2F..%2Fetc%2Fpasswd", "/milestones/%2e%2e%2f%2e%2e%2fetc%2fpasswd")) {
                Raw r = get(port, path, "");
                expect("path " + path, r, r.status() == 404 ? 404 : 400, "\"status\"");
                assertThat(r.body()).doesNotContain("root:");
            }
            // header injection: CR LF in the path and the query, a folded header line, a header past the limit
            for (String path : List.of("/launches/x%0d%0aSet-Cookie:%20a=b", "/launches?team=x%0d%0aSet-Cookie:%20a=b",
                    "/launches/x/graph?format=dot%0d%0aSet-Cookie:%20a=b")) {
                Raw r = get(port, path, "");
                expect("CR LF in " + path, r, r.status() == 404 ? 404 : r.status() == 200 ? 200 : 400, "");
                assertThat(r.headers().toLowerCase(Locale.ROOT)).doesNotContain("set-cookie");
            }
            expect("a folded header line", get(port, "/health", "X-Evil: a\r\n b\r\n"), 400, "Line Folding");
            expect("a header of 20 KB", get(port, "/health", "X-Big: " + "a".repeat(20_000) + "\r\n"), 431, "Too Large");

            // slowloris: 300 connections dribbling a request's headers; everyone else is still answered
            List<Socket> slow = new ArrayList<>();
            List<Long> millis = new ArrayList<>();
            try {
                for (int i = 0; i < 300; i++) {
                    Socket c = new Socket();
                    c.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
                    c.getOutputStream().write("GET /launches HTTP/1.1\r\nHost: x\r\n".getBytes(StandardCharsets.US_ASCII));
                    slow.add(c);
                }
                for (int round = 0; round < 20; round++) {
                    for (Socket c : slow) {
                        c.getOutputStream().write(("X-Slow-" + round + ": 1\r\n").getBytes(StandardCharsets.US_ASCII));
                    }
                    long start = System.nanoTime();
                    RunningService.Response r = s.get("/launches?limit=1");
                    millis.add((System.nanoTime() - start) / 1_000_000);
                    assertThat(r.status()).isEqualTo(200);
                }
            } finally {
                for (Socket c : slow) {
                    c.close();
                }
            }
            millis.sort(Long::compare);
            tally.add(String.format(Locale.ROOT, "%-48s %s", "300 slowloris connections",
                    "20 other requests answered, 200; median " + millis.get(10) + " ms, slowest " + millis.get(19) + " ms"));

            // then: nothing was published, and the service still takes a good event
            assertThat(Deployment.endOffsets(infra.bootstrapServers(), events)).isEqualTo(before);
            MilestoneEvent good = org.initialEvents.get(0);
            assertThat(s.post("/events", "application/json", EventJson.toJson(good).toString()).status()).isEqualTo(202);
            assertThat(s.get("/health/ready").status()).isEqualTo(200);
        } finally {
            System.out.println("Hostile input (each refused, or answered without harm), nothing published:\n  " + String.join("\n  ", tally));
        }
    }

    @Test
    void shouldRefuseAFloodOfWritesWithRetryAfterAndTakeThemAgainLater(RealKafkaAndRegistry.Infra infra, @TempDir Path state) {
        // given: two writes a second from one client
        String name = "flood-" + UUID.randomUUID().toString().substring(0, 8);
        try (RunningService s = new RunningService(infra, state, name, name + ".", Map.of("http.write.rate.per.client", "2"))) {
            int port = URI.create(s.url).getPort();

            // when: forty writes at once (bodies that would be refused anyway: the limit comes first)
            List<Raw> answers = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                answers.add(post(port, "application/json", "{}".getBytes(StandardCharsets.UTF_8)));
            }

            // then: the burst the bucket holds goes through, the rest is told when to come back
            List<Raw> limited = answers.stream().filter(r -> r.status() == 429).toList();
            tally.add(String.format(Locale.ROOT, "%-48s %s", "40 writes at once, 2 a second allowed",
                    limited.size() + " answered 429, the others " + answers.stream().filter(r -> r.status() != 429).map(Raw::status).distinct().toList()));
            assertThat(limited).hasSizeGreaterThanOrEqualTo(30);
            assertThat(answers.stream().filter(r -> r.status() == 400)).isNotEmpty();
            assertThat(limited).allSatisfy(r -> {
                assertThat(r.headers()).containsIgnoringCase("Retry-After: 1");
                assertThat(r.body()).contains("\"status\":429", "http.write.rate.per.client");
            });
            // and: a second later, writes are taken again
            org.awaitility.Awaitility.await("the bucket to refill").atMost(java.time.Duration.ofSeconds(10))
                    .pollInterval(java.time.Duration.ofMillis(600))
                    .until(() -> post(port, "application/json", "{}".getBytes(StandardCharsets.UTF_8)).status() == 400);
        } finally {
            System.out.println("Write limits: " + String.join("\n  ", tally));
        }
    }

    private void expect(String what, Raw r, int status, String inBody) {
        tally.add(String.format(Locale.ROOT, "%-48s %d %s", what, r.status(), r.body().length() > 90 ? r.body().substring(0, 90) + "..." : r.body()));
        assertThat(r.status()).as("%s: %s", what, r.body()).isEqualTo(status);
        assertThat(r.headers().toLowerCase(Locale.ROOT)).as(what).contains("content-type: application/json");
        assertThat(r.body()).as(what).contains(inBody);
    }

    private static Raw post(int port, String contentType, byte[] body) {
        return exchange(port, concat(("POST /events HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: " + contentType + "\r\nContent-Length: " + body.length
                + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII), body));
    }

    private static Raw get(int port, String path, String extraHeaders) {
        return exchange(port, ("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n" + extraHeaders + "Connection: close\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
    }

    /**
     * Sends the bytes as they are and reads the answer until the server closes. The reading runs
     * while the bytes are still being written: a server that refuses a body answers before it has
     * read it all, then closes, and an answer read only after the writing failed could be lost to
     * the connection's reset.
     */
    private static Raw exchange(int port, byte[] request) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
            socket.setSoTimeout(60_000);
            ByteArrayOutputStream answer = new ByteArrayOutputStream();
            InputStream in = socket.getInputStream();
            Thread reader = new Thread(() -> {
                byte[] buffer = new byte[65_536];
                try {
                    for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                        synchronized (answer) {
                            answer.write(buffer, 0, n);
                        }
                    }
                } catch (IOException closed) {
                    // whatever arrived before
                }
            }, "hostile-input-reader");
            reader.start();
            OutputStream out = socket.getOutputStream();
            try {
                for (int from = 0; from < request.length; from += 65_536) {
                    out.write(request, from, Math.min(65_536, request.length - from));
                }
                out.flush();
            } catch (IOException refusedEarly) {
                // The server answered and closed before it read everything: its answer is what counts.
            }
            reader.join(60_000);
            String text;
            synchronized (answer) {
                text = answer.toString(StandardCharsets.UTF_8);
            }
            int split = text.indexOf("\r\n\r\n");
            assertThat(split).as("an HTTP answer, got: %s", text).isPositive();
            String headers = text.substring(0, split);
            return new Raw(Integer.parseInt(headers.split(" ", 3)[1]), headers, text.substring(split + 4));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        Arrays.stream(parts).forEach(b::writeBytes);
        return b.toByteArray();
    }
}
