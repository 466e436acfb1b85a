package io.launchgraph.app.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.javalin.http.sse.Emitter;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The live stream's events are written as Javalin's emitter writes them, byte for byte. */
class EventWriterTest {

    /** A response whose body is {@code body}, and which counts its flushes. */
    private static HttpServletResponse response(ByteArrayOutputStream body, int[] flushes) {
        ServletOutputStream out = new ServletOutputStream() {
            @Override
            public boolean isReady() {
                return true;
            }

            @Override
            public void setWriteListener(WriteListener listener) {}

            @Override
            public void write(int b) {
                body.write(b);
            }
        };
        return (HttpServletResponse) Proxy.newProxyInstance(EventWriterTest.class.getClassLoader(), new Class<?>[] {HttpServletResponse.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "getOutputStream" -> out;
                    case "flushBuffer" -> {
                        flushes[0]++;
                        yield null;
                    }
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    @Test
    void shouldWriteEachEventAsJavalinsEmitterDoes() throws Exception {
        // given a change-like event with an id, and one without
        Map<String, Object> change = new LinkedHashMap<>();
        change.put("launchId", "L-1");
        change.put("kinds", List.of("unblocked"));
        change.put("summary", "no longer blocked by team-a\nsince M-1 is done");
        ByteArrayOutputStream ours = new ByteArrayOutputStream();
        ByteArrayOutputStream javalins = new ByteArrayOutputStream();
        int[] ourFlushes = {0};
        int[] javalinFlushes = {0};
        LiveResource.EventWriter writer = new LiveResource.EventWriter(response(ours, ourFlushes));
        Emitter emitter = new Emitter(response(javalins, javalinFlushes));

        // when
        writer.send("change", change, "0:41,1:7");
        writer.send("reset", Map.of("reason", "gone"), null);
        emitter.emit("change", new ByteArrayInputStream(HttpApi.JSON.writeValueAsBytes(change)), "0:41,1:7");
        emitter.emit("reset", new ByteArrayInputStream(HttpApi.JSON.writeValueAsBytes(Map.of("reason", "gone"))), null);

        // then
        assertThat(ours.toString(StandardCharsets.UTF_8)).isEqualTo(javalins.toString(StandardCharsets.UTF_8))
                .startsWith("id: 0:41,1:7\nevent: change\ndata: {\"launchId\":\"L-1\"")
                .endsWith("event: reset\ndata: {\"reason\":\"gone\"}\n\n");
        assertThat(ourFlushes[0]).isEqualTo(2).isEqualTo(javalinFlushes[0]);
    }

    @Test
    void shouldWriteJsonAsUtf8() throws Exception {
        // given
        ByteArrayOutputStream ours = new ByteArrayOutputStream();
        LiveResource.EventWriter writer = new LiveResource.EventWriter(response(ours, new int[1]));

        // when
        writer.send("change", Map.of("name", "Ads in Zürich"), "0:1");

        // then
        assertThat(ours.toByteArray()).isEqualTo("id: 0:1\nevent: change\ndata: {\"name\":\"Ads in Zürich\"}\n\n".getBytes(StandardCharsets.UTF_8));
    }
}
