package io.launchgraph.app.kafka;

/**
 * Kafka refused launchgraph: its credentials, its TLS, or an ACL. The message is the one line a
 * person acts on; the cause, Kafka's own exception, is for the debug log.
 */
public final class KafkaAccessException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    KafkaAccessException(String line, Throwable cause) {
        super(line, cause);
    }
}
