package io.launchgraph.app.cli;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Runs a service until the process is asked to stop (Ctrl-C, SIGTERM), then closes it. Once that
 * has begun, {@code main} must not call {@code System.exit}: during shutdown that blocks forever.
 */
final class Shutdown {
    private static final AtomicBoolean STARTED = new AtomicBoolean();

    private Shutdown() {}

    static boolean inProgress() {
        return STARTED.get();
    }

    /** Blocks until the JVM is told to stop, closing {@code service} then. */
    static void awaitSignal(AutoCloseable service) throws InterruptedException {
        CountDownLatch closed = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            STARTED.set(true);
            try {
                service.close();
            } catch (Exception | Error e) {
                // Whatever went wrong, the main thread must be released and the JVM allowed to halt.
                org.slf4j.LoggerFactory.getLogger(Shutdown.class).warn("Stopping failed", e);
            } finally {
                closed.countDown();
            }
        }, "launchgraph-shutdown"));
        closed.await();
    }
}
