package io.launchgraph.app.http;

import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.time.Duration;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;

/**
 * TLS of the HTTP API: the server's key store, and the trust store its calls to peers (and the
 * CLI's calls) use. Key and trust stores are PKCS12 or JKS: the JDK reads either whatever the
 * type it is asked for ({@code keystore.type.compat}).
 *
 * @param keystore path of the key store; empty: plain HTTP
 * @param keyPassword empty: the key store's password
 * @param truststore empty: the JDK's trust store
 */
public record Tls(String keystore, String keystorePassword, String keyPassword, String truststore, String truststorePassword) {
    public static final Tls OFF = new Tls("", "", "", "", "");

    public Tls {
        keystore = keystore == null ? "" : keystore;
        keystorePassword = keystorePassword == null ? "" : keystorePassword;
        keyPassword = keyPassword == null ? "" : keyPassword;
        truststore = truststore == null ? "" : truststore;
        truststorePassword = truststorePassword == null ? "" : truststorePassword;
    }

    public boolean enabled() {
        return !keystore.isBlank();
    }

    public String scheme() {
        return enabled() ? "https" : "http";
    }

    /**
     * The API's only connector when TLS is on: HTTPS on {@code host:port}, with Javalin's HTTP
     * settings (header and body limits) kept. Loading the key store here makes a wrong path or
     * password fail the start, not the first request.
     */
    Connector connector(Server server, HttpConfiguration http, String host, int port) {
        Path path = Path.of(keystore);
        if (!Files.isReadable(path)) {
            throw new IllegalArgumentException("http.tls.keystore " + path + " cannot be read");
        }
        load(path, keystorePassword, "http.tls.keystore");
        SslContextFactory.Server ssl = new SslContextFactory.Server();
        ssl.setKeyStorePath(path.toAbsolutePath().toString());
        ssl.setKeyStorePassword(keystorePassword);
        ssl.setKeyManagerPassword(keyPassword.isEmpty() ? keystorePassword : keyPassword);
        HttpConfiguration https = new HttpConfiguration(http);
        https.addCustomizer(new SecureRequestCustomizer());
        ServerConnector connector = new ServerConnector(server, new SslConnectionFactory(ssl, "http/1.1"), new HttpConnectionFactory(https));
        connector.setHost(host);
        connector.setPort(port);
        return connector;
    }

    /** An HTTP client that trusts the trust store (or the JDK's when none is set). */
    public HttpClient.Builder client(Duration connectTimeout) {
        HttpClient.Builder builder = HttpClient.newBuilder().connectTimeout(connectTimeout);
        if (!truststore.isBlank()) {
            builder.sslContext(trusting(Path.of(truststore), truststorePassword));
        }
        return builder;
    }

    private static SSLContext trusting(Path path, String password) {
        try {
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(load(path, password, "the trust store"));
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trust.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("the trust store " + path + " cannot be used: " + e.getMessage(), e);
        }
    }

    private static KeyStore load(Path path, String password, String what) {
        try (InputStream in = Files.newInputStream(path)) {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(in, password.isEmpty() ? null : password.toCharArray());
            return store;
        } catch (IOException | GeneralSecurityException e) {
            // The JDK says "keystore password was incorrect" and the like; it never prints the password.
            throw new IllegalArgumentException(what + " " + path + " cannot be read: " + e.getMessage(), e);
        }
    }

    /** No password in the text: records print their fields. */
    @Override
    public String toString() {
        return enabled() ? "TLS with key store " + keystore : "no TLS";
    }
}
