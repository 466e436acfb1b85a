package io.launchgraph.app.kafka;

import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.ClusterAuthorizationException;
import org.apache.kafka.common.errors.GroupAuthorizationException;
import org.apache.kafka.common.errors.SslAuthenticationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.errors.TransactionalIdAuthorizationException;

/**
 * Turns Kafka's refusals into one line that names who was refused and what to change: wrong
 * credentials, a certificate not trusted, a missing ACL (naming the topic, group or transactional
 * id). Kafka reports these as exceptions deep in a cause chain (a Streams thread's, an admin
 * call's); retrying them never helps, so launchgraph stops with this line instead.
 */
public final class KafkaAccess {
    private static final Pattern USERNAME = Pattern.compile("username\\s*=\\s*[\"']([^\"']*)[\"']");
    private static final String SEE_ACLS = ": grant it with an ACL, see README Operations";

    private KafkaAccess() {}

    /** The one line for {@code failure} when Kafka refused a client configured with {@code config}; empty for any other failure. */
    public static Optional<KafkaAccessException> explain(Throwable failure, Map<?, ?> config) {
        if (failure instanceof KafkaAccessException already) {
            return Optional.of(already);
        }
        for (Throwable c = failure; c != null; c = c.getCause() == c ? null : c.getCause()) {
            String line = line(c, config);
            if (line != null) {
                return Optional.of(new KafkaAccessException(line, failure));
            }
        }
        return Optional.empty();
    }

    /** {@code failure} explained, or itself when it is not a refusal by Kafka. */
    public static RuntimeException explained(RuntimeException failure, Map<?, ?> config) {
        return explain(failure, config).<RuntimeException>map(e -> e).orElse(failure);
    }

    private static String line(Throwable c, Map<?, ?> config) {
        if (c instanceof SslAuthenticationException) {
            String servers = bootstrap(config);
            return "TLS with Kafka" + (servers == null ? "" : " at " + servers) + " failed (" + deepestMessage(c)
                    + "): check kafka.ssl.truststore.location and kafka.ssl.truststore.password";
        }
        if (c instanceof AuthenticationException) {
            String mechanism = mechanism(config);
            String servers = bootstrap(config);
            return "Kafka refused the credentials of " + who(config) + (mechanism == null ? "" : " (" + mechanism + ")")
                    + (servers == null ? "" : " at " + servers) + ": check kafka.sasl.jaas.config";
        }
        if (c instanceof TopicAuthorizationException t) {
            return denied(config, topics(t.unauthorizedTopics(), t.getMessage()), t);
        }
        if (c instanceof GroupAuthorizationException g) {
            return denied(config, g.groupId() == null ? "its consumer group (" + g.getMessage() + ")" : "group '" + g.groupId() + "'", g);
        }
        if (c instanceof TransactionalIdAuthorizationException t) {
            return denied(config, transactionalIds(config), t);
        }
        if (c instanceof ClusterAuthorizationException t) {
            return denied(config, "the cluster (" + t.getMessage() + ")", t);
        }
        if (c instanceof AuthorizationException t) {
            return denied(config, "a resource (" + t.getMessage() + ")", t);
        }
        return null;
    }

    private static String denied(Map<?, ?> config, String resource, Throwable e) {
        return "Kafka denied " + who(config) + " access to " + resource + " (" + e.getClass().getSimpleName() + ")" + SEE_ACLS;
    }

    private static String topics(Collection<String> names, String message) {
        if (names == null || names.isEmpty()) {
            return "a topic (" + message + ")";
        }
        return (names.size() == 1 ? "topic " : "topics ") + names.stream().sorted().map(n -> "'" + n + "'").collect(Collectors.joining(", "));
    }

    /** A producer's own id when it has one; Kafka Streams' ids are its application id, a process id and a number. */
    private static String transactionalIds(Map<?, ?> config) {
        Object id = config.get(ProducerConfig.TRANSACTIONAL_ID_CONFIG);
        if (id != null) {
            return "transactional id '" + id + "'";
        }
        Object applicationId = config.get("application.id");
        return applicationId == null ? "its transactional ids" : "transactional ids '" + applicationId + "-*'";
    }

    private static String who(Map<?, ?> config) {
        Object jaas = config.get(SaslConfigs.SASL_JAAS_CONFIG);
        if (jaas != null) {
            Matcher m = USERNAME.matcher(jaas.toString());
            if (m.find()) {
                return "user '" + m.group(1) + "'";
            }
        }
        return "launchgraph";
    }

    /** The SASL mechanism in use, or null when the configuration does not say (a caller that knows only the failure). */
    private static String mechanism(Map<?, ?> config) {
        Object mechanism = config.get(SaslConfigs.SASL_MECHANISM);
        if (mechanism != null) {
            return mechanism.toString();
        }
        Object protocol = config.get(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG);
        return protocol != null && protocol.toString().startsWith("SASL") ? SaslConfigs.DEFAULT_SASL_MECHANISM : null;
    }

    private static String bootstrap(Map<?, ?> config) {
        Object servers = config.get(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG);
        return servers == null ? null : servers.toString();
    }

    private static String deepestMessage(Throwable e) {
        Throwable deepest = e;
        while (deepest.getCause() != null && deepest.getCause() != deepest) {
            deepest = deepest.getCause();
        }
        return String.valueOf(deepest.getMessage());
    }
}
