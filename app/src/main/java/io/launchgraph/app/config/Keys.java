package io.launchgraph.app.config;

import io.launchgraph.topology.GraphPartitions;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/** Every configuration key launchgraph reads: the one catalogue, also printed by {@code --help-config}. */
public final class Keys {
    private Keys() {}

    public static final Setting<String> BOOTSTRAP_SERVERS = new Setting<>("bootstrap.servers", null,
            "Kafka brokers, host:port[,host:port...]. The demo starts its own.", Keys::text);
    public static final Setting<String> SCHEMA_REGISTRY_URL = new Setting<>("schema.registry.url", null,
            "The schema registry's Confluent API, e.g. http://registry:8081. The demo starts its own.", Keys::url);
    public static final Setting<String> APPLICATION_ID = new Setting<>("application.id", "launchgraph",
            "Kafka Streams application id; instances with the same id share the work.", Keys::text);
    public static final Setting<String> TOPIC_PREFIX = new Setting<>("topic.prefix", "",
            "Put before every topic name, so that several deployments share a cluster.", s -> s);
    public static final Setting<Integer> TOPIC_REPLICATION_FACTOR = new Setting<>("topic.replication.factor", "-1",
            "Replicas of the topics launchgraph creates; -1 takes the broker's default.", Keys::replicationFactor);
    public static final Setting<String> HTTP_HOST = new Setting<>("http.host", "127.0.0.1",
            "Interface the HTTP API listens on; 0.0.0.0 for every interface.", Keys::text);
    public static final Setting<Integer> HTTP_PORT = new Setting<>("http.port", "8080",
            "Port of the HTTP API; 0 picks a free one.", Keys::port);
    public static final Setting<String> HTTP_ADVERTISED_URL = new Setting<>("http.advertised.url", "",
            "How other instances reach this one's HTTP API, e.g. http://10.0.0.5:8080; empty: from http.host and the port.", s -> s);
    public static final Setting<Path> STATE_DIR = new Setting<>("state.dir", "launchgraph-state",
            "Directory of the local state stores (RocksDB). The demo uses a fresh temporary one.", Path::of);
    public static final Setting<Integer> STREAMS_THREADS = new Setting<>("streams.threads", "1",
            "Kafka Streams threads of this instance.", s -> positive(s));
    public static final Setting<Integer> STANDBY_REPLICAS = new Setting<>("streams.standby.replicas", "0",
            "Warm copies of each store on other instances, for fast fail-over.", s -> notNegative(s));
    public static final Setting<Long> ROCKSDB_MEMORY_MB = new Setting<>("streams.rocksdb.memory.mb", "256",
            "Off-heap memory all RocksDB stores of this JVM share (block cache and memtables), in MB.", s -> (long) positive(s));
    public static final Setting<Long> RECOMPUTE_INTERVAL_MS = new Setting<>("recompute.interval.ms", "20",
            "How often the graph task derives the answers that changes can reach.", s -> (long) positive(s));
    public static final Setting<Long> RECOMPUTE_SLICE_MS = new Setting<>("recompute.slice.ms", "500",
            "Longest the graph task derives before it lets Kafka Streams commit and poll; keep it well under the transaction timeout (10 s).",
            s -> (long) positive(s));
    public static final Setting<Double> RECOMPUTE_MAX_SHARE = new Setting<>("recompute.max.share", "0.2",
            "Largest share of the graph task's time recomputing may take, in (0, 1].", Keys::share);
    public static final Setting<Integer> GRAPH_PARTITIONS = new Setting<>("graph.partitions", "1",
            "Graph tasks that share the derivation, each folding the whole graph and answering the launches it owns"
            + " (decision 47); up to 64. Set it before the first start: changing it needs a new application.id.",
            s -> inRange(s, 1, GraphPartitions.MAX));
    public static final Setting<Boolean> AUTO_REGISTER_SCHEMAS = new Setting<>("auto.register.schemas", "false",
            "Register the schemas of records launchgraph writes on first use (the demo turns it on).", Keys::bool);
    public static final Setting<String> SERDE_CLASS = new Setting<>("serde.class", "",
            "Value serde class, e.g. io.confluent.kafka.streams.serdes.avro.SpecificAvroSerde; empty: launchgraph's own.", s -> s);
    public static final Setting<String> REGISTRY_USER_INFO = new Setting<>("schema.registry.basic.auth.user.info", "",
            "user:password for the schema registry (basic authentication).", s -> s);
    public static final Setting<String> REGISTRY_BEARER_TOKEN = new Setting<>("schema.registry.bearer.auth.token", "",
            "Static bearer token for the schema registry.", s -> s);
    public static final Setting<String> REGISTRY_TRUSTSTORE_LOCATION = new Setting<>("schema.registry.ssl.truststore.location", "",
            "Trust store of the schema registry's certificate or CA, for https:// URLs; empty: the JDK's.", s -> s);
    public static final Setting<String> REGISTRY_TRUSTSTORE_PASSWORD = new Setting<>("schema.registry.ssl.truststore.password", "",
            "Password of schema.registry.ssl.truststore.location.", s -> s);
    public static final Setting<String> REGISTRY_TRUSTSTORE_TYPE = new Setting<>("schema.registry.ssl.truststore.type", "PKCS12",
            "Type of schema.registry.ssl.truststore.location: PKCS12 or JKS.", Keys::text);
    public static final Setting<Long> REGISTRY_RETRY_BUDGET_MS = new Setting<>("schema.registry.retries.budget.ms", "60000",
            "How long one registry call keeps retrying an unreachable registry.", s -> (long) notNegative(s));
    public static final Setting<Long> INGEST_MAX_BODY_BYTES = new Setting<>("ingest.max.body.bytes", "16777216",
            "Largest body POST /events accepts.", s -> (long) positive(s));
    public static final Setting<Integer> INGEST_MAX_EVENTS = new Setting<>("ingest.max.events", "50000",
            "Most events one POST /events may carry.", s -> positive(s));
    public static final Setting<Integer> HTTP_WRITE_RATE_PER_CLIENT = new Setting<>("http.write.rate.per.client", "200",
            "Requests a second one client (by address) may make to POST /events and POST /import; 0: no limit.", s -> notNegative(s));
    public static final Setting<Integer> HTTP_WRITE_RATE_TOTAL = new Setting<>("http.write.rate.total", "1000",
            "Requests a second all clients together may make to POST /events and POST /import; 0: no limit.", s -> notNegative(s));
    public static final Setting<AccessTokens> HTTP_TOKENS = new Setting<>("http.tokens", "",
            "Bearer tokens of the HTTP API, role:token comma-separated (roles read and write; write also reads). Empty: no"
            + " authentication, and the API listens on 127.0.0.1 only. Secret: never printed.", AccessTokens::parse);
    public static final Setting<String> HTTP_PEER_TOKEN = new Setting<>("http.peer.token", "",
            "The token this instance presents when it forwards a request to another instance; empty: its first write token"
            + " (else its first token) of http.tokens. Secret.", s -> s);
    public static final Setting<String> HTTP_TLS_KEYSTORE = new Setting<>("http.tls.keystore", "",
            "Key store (PKCS12 or JKS) with the HTTP API's key and certificate; set, the API speaks HTTPS only.", s -> s);
    public static final Setting<String> HTTP_TLS_KEYSTORE_PASSWORD = new Setting<>("http.tls.keystore.password", "",
            "Password of http.tls.keystore. Secret.", s -> s);
    public static final Setting<String> HTTP_TLS_KEY_PASSWORD = new Setting<>("http.tls.key.password", "",
            "Password of the key in http.tls.keystore; empty: the key store's password. Secret.", s -> s);
    public static final Setting<String> HTTP_TLS_TRUSTSTORE = new Setting<>("http.tls.truststore", "",
            "Trust store (PKCS12 or JKS) of the certificates this instance trusts when it calls its peers over HTTPS"
            + " (and the CLI, from LAUNCHGRAPH_HTTP_TLS_TRUSTSTORE); empty: the JDK's.", s -> s);
    public static final Setting<String> HTTP_TLS_TRUSTSTORE_PASSWORD = new Setting<>("http.tls.truststore.password", "",
            "Password of http.tls.truststore. Secret.", s -> s);
    public static final Setting<Path> REGISTRY_HOME = new Setting<>("demo.registry.home", "",
            "Where the demo finds the Apicurio Registry distribution; empty: apicurio-registry beside launchgraph.jar.", Path::of);

    public static List<Setting<?>> all() {
        return List.of(BOOTSTRAP_SERVERS, SCHEMA_REGISTRY_URL, APPLICATION_ID, TOPIC_PREFIX, TOPIC_REPLICATION_FACTOR,
                HTTP_HOST, HTTP_PORT, HTTP_ADVERTISED_URL, STATE_DIR, STREAMS_THREADS, STANDBY_REPLICAS, ROCKSDB_MEMORY_MB,
                RECOMPUTE_INTERVAL_MS, RECOMPUTE_SLICE_MS, RECOMPUTE_MAX_SHARE, GRAPH_PARTITIONS, AUTO_REGISTER_SCHEMAS, SERDE_CLASS,
                REGISTRY_USER_INFO, REGISTRY_BEARER_TOKEN, REGISTRY_TRUSTSTORE_LOCATION, REGISTRY_TRUSTSTORE_PASSWORD,
                REGISTRY_TRUSTSTORE_TYPE, REGISTRY_RETRY_BUDGET_MS,
                INGEST_MAX_BODY_BYTES, INGEST_MAX_EVENTS, HTTP_WRITE_RATE_PER_CLIENT, HTTP_WRITE_RATE_TOTAL,
                HTTP_TOKENS, HTTP_PEER_TOKEN, HTTP_TLS_KEYSTORE, HTTP_TLS_KEYSTORE_PASSWORD, HTTP_TLS_KEY_PASSWORD,
                HTTP_TLS_TRUSTSTORE, HTTP_TLS_TRUSTSTORE_PASSWORD, REGISTRY_HOME);
    }

    /** Keys under these prefixes pass through: {@code kafka.} to every Kafka client, {@code serde.} to the serde. */
    public static final List<String> PASS_THROUGH_PREFIXES = List.of("kafka.", "serde.");

    private static String text(String s) {
        if (s.isEmpty()) {
            throw new IllegalArgumentException("must not be empty");
        }
        return s;
    }

    private static String url(String s) {
        URI u = URI.create(text(s).split(",")[0].trim());
        if (u.getScheme() == null || u.getHost() == null) {
            throw new IllegalArgumentException("\"" + s + "\" is not a URL like http://host:8081");
        }
        return s;
    }

    private static int integer(String s) {
        try {
            return Integer.parseInt(s);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("\"" + s + "\" is not a whole number", e);
        }
    }

    private static int positive(String s) {
        int v = integer(s);
        if (v < 1) {
            throw new IllegalArgumentException("must be at least 1, not " + v);
        }
        return v;
    }

    private static int notNegative(String s) {
        int v = integer(s);
        if (v < 0) {
            throw new IllegalArgumentException("must not be negative, not " + v);
        }
        return v;
    }

    private static int inRange(String s, int min, int max) {
        int v = integer(s);
        if (v < min || v > max) {
            throw new IllegalArgumentException("must be from " + min + " to " + max + ", not " + v);
        }
        return v;
    }

    private static int port(String s) {
        int v = integer(s);
        if (v < 0 || v > 65535) {
            throw new IllegalArgumentException("must be a port from 0 to 65535, not " + v);
        }
        return v;
    }

    private static int replicationFactor(String s) {
        int v = integer(s);
        if (v == 0 || v < -1) {
            throw new IllegalArgumentException("must be -1 (the broker's default) or at least 1, not " + v);
        }
        return v;
    }

    private static double share(String s) {
        double v;
        try {
            v = Double.parseDouble(s);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("\"" + s + "\" is not a number", e);
        }
        if (!(v > 0 && v <= 1)) {
            throw new IllegalArgumentException("must be in (0, 1], not " + v);
        }
        return v;
    }

    private static boolean bool(String s) {
        return switch (s.toLowerCase(Locale.ROOT)) {
            case "true", "yes", "on" -> true;
            case "false", "no", "off" -> false;
            default -> throw new IllegalArgumentException("\"" + s + "\" is not true or false");
        };
    }
}
