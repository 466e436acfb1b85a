package io.launchgraph.app.it;

import static org.assertj.core.api.Assertions.fail;

import com.github.dockerjava.api.exception.NotFoundException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.images.PullPolicy;
import org.testcontainers.utility.DockerImageName;

/**
 * The Docker daemon and the images docker/build-images.sh built before the integration tests
 * (Maven runs it, see app/src/test/sh/ensure-docker.sh). Nothing is ever pulled. Where Docker
 * cannot be had, a container test fails with one line saying why and what to do; it is never
 * skipped.
 */
final class LocalDocker {
    static final String LAUNCHGRAPH = "launchgraph:local";
    static final String KAFKA = "launchgraph-kafka:local";
    static final String REGISTRY = "launchgraph-registry:local";

    private LocalDocker() {}

    /** Fails the calling test unless a daemon answers and the three images are there. */
    static void require() {
        String unavailable = System.getProperty("launchgraph.test.docker.unavailable");
        if (unavailable != null && Files.exists(Path.of(unavailable))) {
            fail("Docker is not available: " + read(Path.of(unavailable)).strip()
                    + ". The container tests (*ContainerIT, ComposeIT) need it; everything else ran.");
        }
        if (!DockerClientFactory.instance().isDockerAvailable()) {
            fail("Docker is not available: no daemon answers on /var/run/docker.sock. Start one (as root, `mvn verify` starts it) and run again.");
        }
        for (String image : List.of(LAUNCHGRAPH, KAFKA, REGISTRY)) {
            try {
                DockerClientFactory.instance().client().inspectImageCmd(image).exec();
            } catch (NotFoundException e) {
                fail("The image " + image + " is missing: run docker/build-images.sh (after mvn package), or mvn verify, which runs it.");
            }
        }
    }

    /** A container of a local image on the host's network: our test traffic stays on 127.0.0.1. */
    static GenericContainer<?> container(String image) {
        // PullPolicy.defaultPolicy pulls only what is missing, and require() made sure nothing is.
        return new GenericContainer<>(DockerImageName.parse(image)).withNetworkMode("host").withImagePullPolicy(PullPolicy.defaultPolicy());
    }

    /** Sends SIGKILL to a container, as `docker kill` does: no shutdown hook runs, nothing is flushed. */
    static void kill(GenericContainer<?> container) {
        DockerClientFactory.instance().client().killContainerCmd(container.getContainerId()).withSignal("KILL").exec();
    }

    /** The last lines a container wrote, for failure messages. */
    static String tail(GenericContainer<?> container, int lines) {
        List<String> all = container.getLogs().lines().toList();
        return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 0, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port on 127.0.0.1", e);
        }
    }

    private static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
