package io.launchgraph.app.http;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.StreamsMetadata;
import org.apache.kafka.streams.state.HostInfo;

/**
 * Where a query belongs: which instance holds a key of a store, which instances hold any of it,
 * and the call to another instance. A forwarded request carries {@link #FORWARDED}, so it is
 * never forwarded again (during a rebalance two instances could otherwise pass it back and forth).
 */
final class Router {
    static final String FORWARDED = "X-Launchgraph-Forwarded";
    /** On a list request: answer from this instance's stores only (the caller gathers). */
    static final String LOCAL_ONLY = "X-Launchgraph-Local-Only";

    private final Supplier<KafkaStreams> streams;
    private final HostInfo self;
    private final HttpClient http;
    private final String scheme;
    private final Optional<String> token;

    /**
     * @param tls its trust store is what this instance trusts in its peers' certificates
     * @param token this instance's own credential for its peers (never the caller's: a caller's
     *     token is for this instance, and forwarding it would let any instance replay it)
     */
    Router(Supplier<KafkaStreams> streams, HostInfo self, Tls tls, Optional<String> token) {
        this.streams = streams;
        this.self = self;
        this.http = tls.client(Duration.ofSeconds(2)).build();
        this.scheme = tls.scheme();
        this.token = token;
    }

    HostInfo self() {
        return self;
    }

    /** The instance holding {@code key} of {@code store}, or empty while nobody does (rebalancing). */
    Optional<HostInfo> hostOf(String store, String key) {
        KafkaStreams s = streams.get();
        if (s == null) {
            return Optional.empty();
        }
        KeyQueryMetadata meta = s.queryMetadataForKey(store, key, Serdes.String().serializer());
        if (meta == null || meta.equals(KeyQueryMetadata.NOT_AVAILABLE) || meta.activeHost() == null
                || meta.activeHost().equals(HostInfo.unavailable())) {
            return Optional.empty();
        }
        return Optional.of(meta.activeHost());
    }

    /**
     * Every instance that holds a part of {@code store} as the active copy. (The metadata also
     * lists instances that hold only a standby copy; their stores do not answer queries.)
     */
    List<HostInfo> hostsOf(String store) {
        KafkaStreams s = streams.get();
        List<HostInfo> hosts = new ArrayList<>();
        if (s != null) {
            for (StreamsMetadata m : s.streamsMetadataForStore(store)) {
                if (m.stateStoreNames().contains(store)) {
                    hosts.add(m.hostInfo());
                }
            }
        }
        return hosts;
    }

    boolean isSelf(HostInfo host) {
        return self.equals(host);
    }

    /** GETs {@code pathAndQuery} on another instance. */
    HttpResponse<byte[]> get(HostInfo host, String pathAndQuery, boolean localOnly) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(scheme + "://" + host.host() + ":" + host.port() + pathAndQuery))
                .timeout(Duration.ofSeconds(30))
                .header(FORWARDED, "true")
                .GET();
        token.ifPresent(t -> request.header("Authorization", "Bearer " + t));
        if (localOnly) {
            request.header(LOCAL_ONLY, "true");
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }
}
