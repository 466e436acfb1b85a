package io.launchgraph.app.registry;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * How to reach a Confluent-compatible schema registry. {@link #fromProperties} reads the property
 * names Confluent's serdes use, so one configuration serves ours and theirs.
 *
 * @param urls base URLs of the registry's Confluent API; tried in turn when one cannot be reached
 * @param basicAuthUserInfo {@code user:password} for HTTP basic authentication, or null
 * @param bearerToken a static bearer token, or null
 * @param connectTimeout time to open a connection
 * @param requestTimeout time for one request's answer
 * @param initialBackoff first wait before retrying a request that failed transiently
 * @param maxBackoff longest wait between retries
 * @param retryBudget how long to keep retrying before giving up with {@link RegistryUnavailableException}
 * @param trustStore the certificates to trust for {@code https://} URLs, or null for the JDK's
 */
public record RegistryClientConfig(
        List<URI> urls,
        String basicAuthUserInfo,
        String bearerToken,
        Duration connectTimeout,
        Duration requestTimeout,
        Duration initialBackoff,
        Duration maxBackoff,
        Duration retryBudget,
        TrustStore trustStore) {

    public static final String URL = "schema.registry.url";
    public static final String BASIC_AUTH_SOURCE = "basic.auth.credentials.source";
    public static final String BASIC_AUTH_USER_INFO = "basic.auth.user.info";
    public static final String BEARER_AUTH_SOURCE = "bearer.auth.credentials.source";
    public static final String BEARER_AUTH_TOKEN = "bearer.auth.token";
    public static final String CONNECT_TIMEOUT_MS = "http.connect.timeout.ms";
    public static final String READ_TIMEOUT_MS = "http.read.timeout.ms";
    public static final String RETRIES_WAIT_MS = "retries.wait.ms";
    public static final String RETRIES_MAX_WAIT_MS = "retries.max.wait.ms";
    /** Ours: the total time to keep retrying one call. */
    public static final String RETRIES_BUDGET_MS = "retries.budget.ms";
    public static final String SSL_TRUSTSTORE_LOCATION = "schema.registry.ssl.truststore.location";
    public static final String SSL_TRUSTSTORE_PASSWORD = "schema.registry.ssl.truststore.password";
    public static final String SSL_TRUSTSTORE_TYPE = "schema.registry.ssl.truststore.type";

    /**
     * A trust store file, as Confluent's client names it ({@code schema.registry.ssl.truststore.*}).
     *
     * @param type a {@link java.security.KeyStore} type, e.g. PKCS12 or JKS
     */
    public record TrustStore(Path location, String password, String type) {
        public TrustStore {
            Objects.requireNonNull(location);
            Objects.requireNonNull(type);
        }

        /** A TLS context that trusts this store's certificates, and only them. */
        public SSLContext sslContext() {
            try (InputStream in = Files.newInputStream(location)) {
                KeyStore store = KeyStore.getInstance(type);
                store.load(in, password == null ? null : password.toCharArray());
                TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                trust.init(store);
                SSLContext context = SSLContext.getInstance("TLS");
                context.init(null, trust.getTrustManagers(), null);
                return context;
            } catch (IOException | GeneralSecurityException e) {
                throw new IllegalArgumentException("cannot read the trust store " + location + " (" + SSL_TRUSTSTORE_LOCATION + ", type " + type
                        + "): " + e.getMessage(), e);
            }
        }

        @Override
        public String toString() {
            return location + " (" + type + ")";
        }
    }

    public RegistryClientConfig {
        urls = List.copyOf(urls);
        if (urls.isEmpty()) {
            throw new IllegalArgumentException(URL + " needs at least one URL");
        }
        for (URI u : urls) {
            if (!"http".equals(u.getScheme()) && !"https".equals(u.getScheme())) {
                throw new IllegalArgumentException(URL + " must be http:// or https://, not " + u);
            }
        }
        Objects.requireNonNull(connectTimeout);
        Objects.requireNonNull(requestTimeout);
        Objects.requireNonNull(initialBackoff);
        Objects.requireNonNull(maxBackoff);
        Objects.requireNonNull(retryBudget);
    }

    /** A client of {@code urls} (comma-separated) with default timeouts and retries, no credentials. */
    public static RegistryClientConfig of(String urls) {
        return fromProperties(Map.of(URL, urls));
    }

    /** From serde-style properties; keys it does not know are other components' and are ignored. */
    public static RegistryClientConfig fromProperties(Map<String, ?> props) {
        Object url = props.get(URL);
        if (url == null || url.toString().isBlank()) {
            throw new IllegalArgumentException(URL + " is required");
        }
        List<URI> urls = new ArrayList<>();
        String userInfoFromUrl = null;
        for (String part : url.toString().split(",")) {
            URI u = URI.create(part.trim().replaceAll("/+$", ""));
            if (u.getUserInfo() != null) {
                userInfoFromUrl = u.getUserInfo();
                u = URI.create(u.getScheme() + "://" + u.getHost() + (u.getPort() < 0 ? "" : ":" + u.getPort()) + u.getRawPath());
            }
            urls.add(u);
        }
        String basicSource = string(props, BASIC_AUTH_SOURCE, "USER_INFO").toUpperCase(Locale.ROOT);
        String userInfo = switch (basicSource) {
            case "USER_INFO" -> blankToNull(string(props, BASIC_AUTH_USER_INFO, null));
            case "URL" -> userInfoFromUrl;
            default -> throw new IllegalArgumentException(BASIC_AUTH_SOURCE + " must be USER_INFO or URL, not " + basicSource);
        };
        String bearer = null;
        if (props.containsKey(BEARER_AUTH_SOURCE) || props.containsKey(BEARER_AUTH_TOKEN)) {
            String source = string(props, BEARER_AUTH_SOURCE, "STATIC_TOKEN").toUpperCase(Locale.ROOT);
            if (!source.equals("STATIC_TOKEN")) {
                throw new IllegalArgumentException(BEARER_AUTH_SOURCE + " must be STATIC_TOKEN, not " + source);
            }
            bearer = blankToNull(string(props, BEARER_AUTH_TOKEN, null));
        }
        if (userInfo != null && bearer != null) {
            throw new IllegalArgumentException("configure basic or bearer authentication for the schema registry, not both");
        }
        return new RegistryClientConfig(
                urls,
                userInfo,
                bearer,
                millis(props, CONNECT_TIMEOUT_MS, 5_000),
                millis(props, READ_TIMEOUT_MS, 10_000),
                millis(props, RETRIES_WAIT_MS, 100),
                millis(props, RETRIES_MAX_WAIT_MS, 5_000),
                millis(props, RETRIES_BUDGET_MS, 60_000),
                trustStore(props));
    }

    private static TrustStore trustStore(Map<String, ?> props) {
        String location = blankToNull(string(props, SSL_TRUSTSTORE_LOCATION, null));
        if (location == null) {
            return null;
        }
        return new TrustStore(Path.of(location), blankToNull(string(props, SSL_TRUSTSTORE_PASSWORD, null)),
                string(props, SSL_TRUSTSTORE_TYPE, "PKCS12").trim().toUpperCase(Locale.ROOT));
    }

    private static String string(Map<String, ?> props, String key, String fallback) {
        Object v = props.get(key);
        return v == null ? fallback : v.toString();
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    private static Duration millis(Map<String, ?> props, String key, long fallback) {
        Object v = props.get(key);
        if (v == null) {
            return Duration.ofMillis(fallback);
        }
        try {
            long ms = Long.parseLong(v.toString().trim());
            if (ms < 0) {
                throw new NumberFormatException("negative");
            }
            return Duration.ofMillis(ms);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " must be a number of milliseconds, not \"" + v + "\"", e);
        }
    }

    @Override
    public String toString() {
        // Never print credentials.
        return "RegistryClientConfig[urls=" + urls + ", auth=" + (basicAuthUserInfo != null ? "basic" : bearerToken != null ? "bearer" : "none")
                + ", requestTimeout=" + requestTimeout + ", retryBudget=" + retryBudget
                + (trustStore == null ? "" : ", trustStore=" + trustStore) + "]";
    }
}
