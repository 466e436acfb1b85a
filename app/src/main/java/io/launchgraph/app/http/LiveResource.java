package io.launchgraph.app.http;

import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.http.sse.SseClient;
import io.javalin.http.sse.SseHandler;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /changes/stream}: the live changes of launches' answers as server-sent events, for
 * the web page and {@code launchgraph watch}. Each reader gets its own queue, so a slow one
 * never holds up the feed; one that falls {@link #QUEUED} changes behind is cut off and resumes
 * from its last event id when it reconnects (EventSource does that by itself).
 */
final class LiveResource {
    private static final Logger LOG = LoggerFactory.getLogger(LiveResource.class);
    private static final int QUEUED = 10_000;
    /** A comment this often lets proxies and the server notice readers that went away. */
    private static final long KEEP_ALIVE_SECONDS = 15;

    private final Supplier<LiveFeed> feed;

    LiveResource(Supplier<LiveFeed> feed) {
        this.feed = feed;
    }

    List<HttpApi.Route> routes() {
        return List.of(new HttpApi.Route("GET", "/changes/stream", this::stream));
    }

    private void stream(Context ctx) throws Exception {
        String accept = String.valueOf(ctx.header("Accept"));
        if (!accept.contains("text/event-stream")) {
            throw new HttpResponseException(406, "/changes/stream sends server-sent events: ask with Accept: text/event-stream "
                    + "(a browser's EventSource does; curl -N -H 'Accept: text/event-stream' ...)", Map.of());
        }
        LiveFeed.Filter filter = filter(ctx);
        int[] fields = Projection.ofLaunches(ctx);
        LiveFeed f = feed.get();
        if (f == null || !f.caughtUp()) {
            Routing.notReady(ctx, f == null ? "launchgraph is starting" : "live changes are not available yet: the feed is " + f.status());
            return;
        }
        String position = ctx.header("Last-Event-ID") != null ? ctx.header("Last-Event-ID") : ctx.queryParam("from");
        new SseHandler(client -> serve(client, f, filter, fields, position)).handle(ctx);
    }

    private static LiveFeed.Filter filter(Context ctx) {
        Map<String, String> labels = QueryParams.launchFilter(ctx).labels();
        try {
            return new LiveFeed.Filter(ctx.queryParam("team"), labels, new HashSet<>(ctx.queryParams("launch")), ctx.queryParam("only"));
        } catch (IllegalArgumentException e) {
            throw new HttpResponseException(400, e.getMessage(), Map.of());
        }
    }

    private record Item(String event, Object data, String id) {}

    /** A change whose answer has only the fields the reader asked for ({@code fields=}, as the lists take it). */
    record ProjectedChange(
            String launchId, String teamId, Map<String, String> labels, List<String> kinds, String summary, Instant at,
            LiveFeed.LiveBefore before, Map<String, Object> answer) {

        static ProjectedChange of(LiveFeed.LiveChange c, int[] fields) {
            return new ProjectedChange(c.launchId(), c.teamId(), c.labels(), c.kinds(), c.summary(), c.at(), c.before(),
                    c.answer() == null ? null : ReadyLaunch.project(c.answer(), fields));
        }
    }

    private static final Item CLOSED = new Item("closed", Map.of(), null);

    /**
     * Writes server-sent events as Javalin's {@code SseClient.sendEvent} does ({@code id:} when
     * there is one, {@code event:}, the JSON on one {@code data:} line, a blank line, then a
     * flush), but as UTF-8 bytes into one buffer kept per reader: Javalin's emitter reads each
     * event's JSON back through a new reader and two buffers (about 32 KB an event), which was
     * nearly all its threads allocated under a steady stream (decision 54). One per reader, on
     * the reader's thread.
     */
    static final class EventWriter {
        /** A buffer grown past this for one large event is not kept for the next. */
        private static final int KEEP_BYTES = 256 * 1024;
        private final HttpServletResponse response;
        private ByteArrayOutputStream buffer = new ByteArrayOutputStream(4096);

        EventWriter(HttpServletResponse response) {
            this.response = response;
        }

        void send(String event, Object data, String id) throws IOException {
            buffer.reset();
            if (id != null) {
                line("id: ", id);
            }
            line("event: ", event);
            buffer.write(DATA);
            // Jackson writes no raw line breaks (they are escaped in strings): the JSON is one data line.
            JSON_BYTES.writeValue(buffer, data);
            buffer.write(END);
            buffer.writeTo(response.getOutputStream());
            response.flushBuffer();
            if (buffer.size() > KEEP_BYTES) {
                buffer = new ByteArrayOutputStream(4096);
            }
        }

        private void line(String field, String value) {
            buffer.writeBytes(field.getBytes(StandardCharsets.UTF_8));
            // As Javalin's emitter: a line break in an id or event name would end the field early.
            buffer.writeBytes(value.replace("\r", "").replace("\n", "").getBytes(StandardCharsets.UTF_8));
            buffer.write('\n');
        }

        private static final byte[] DATA = "data: ".getBytes(StandardCharsets.UTF_8);
        private static final byte[] END = "\n\n".getBytes(StandardCharsets.UTF_8);
        private static final com.fasterxml.jackson.databind.ObjectWriter JSON_BYTES =
                HttpApi.JSON.writer().without(com.fasterxml.jackson.core.JsonGenerator.Feature.AUTO_CLOSE_TARGET);
    }

    private static void serve(SseClient client, LiveFeed feed, LiveFeed.Filter filter, int[] fields, String position) {
        BlockingQueue<Item> queue = new LinkedBlockingQueue<>(QUEUED);
        LiveFeed.Handle handle = feed.subscribe(position, filter, new LiveFeed.Listener() {
            @Override
            public void changed(String at, LiveFeed.LiveChange change) {
                if (!queue.offer(new Item("change", change, at))) {
                    queue.clear();
                    queue.offer(CLOSED);
                }
            }

            @Override
            public void reset(String reason) {
                queue.offer(new Item("reset", Map.of("reason", reason), null));
            }

            @Override
            public void closed() {
                queue.offer(CLOSED);
            }
        });
        EventWriter events = new EventWriter(client.ctx().res());
        try {
            events.send("hello", Map.of("position", handle.start()), handle.start());
            while (!client.terminated()) {
                Item item = queue.poll(KEEP_ALIVE_SECONDS, TimeUnit.SECONDS);
                if (item == null) {
                    client.sendComment("keep-alive");
                } else if (item == CLOSED) {
                    break;
                } else {
                    // Projected here, on the reader's thread, not on the feed's, which serves every reader.
                    Object data = fields != null && item.data() instanceof LiveFeed.LiveChange c ? ProjectedChange.of(c, fields) : item.data();
                    events.send(item.event(), data, item.id());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException | RuntimeException e) {
            LOG.debug("A live reader went away", e);
        } finally {
            handle.stop().run();
            client.close();
        }
    }
}
