package io.launchgraph.app.http;

import static org.assertj.core.api.Assertions.assertThatCode;

import io.javalin.http.Context;
import java.lang.reflect.Proxy;
import org.junit.jupiter.api.Test;

/** The last-resort exception handler, which Javalin would call again with anything it threw. */
class InternalErrorTest {

    @Test
    void shouldNotThrowWhenTheRequestHasGone() {
        // given: a request whose client left, so that Jetty recycled it: every call fails
        Context gone = (Context) Proxy.newProxyInstance(Context.class.getClassLoader(), new Class<?>[] {Context.class}, (proxy, method, args) -> {
            throw new IllegalStateException("Response does not exist (likely recycled)");
        });

        // when / then
        assertThatCode(() -> HttpApi.internalError(new IllegalStateException("boom"), gone)).doesNotThrowAnyException();
    }
}
