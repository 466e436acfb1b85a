package io.launchgraph.topology.internal;

import io.launchgraph.avro.DeadLetter;
import io.launchgraph.avro.MilestoneEvent;
import io.launchgraph.topology.EventRules;
import io.launchgraph.topology.Rejection;
import java.nio.ByteBuffer;
import java.time.Instant;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stage one, one task per input partition: decodes and checks each record. Accepted events go on
 * keyed by the id of their entity (whatever key the producer used), with their original bytes and
 * origin; the rest become dead letters.
 */
final class ValidateEventsProcessor implements Processor<byte[], byte[], String, Checked> {
    private static final Logger LOG = LoggerFactory.getLogger(ValidateEventsProcessor.class);

    private final Deserializer<MilestoneEvent> deserializer;
    private final RejectionLog rejections = new RejectionLog(LOG);
    private ProcessorContext<String, Checked> context;
    private QuietSpell quiet;

    ValidateEventsProcessor(Deserializer<MilestoneEvent> deserializer) {
        this.deserializer = deserializer;
    }

    @Override
    public void init(ProcessorContext<String, Checked> context) {
        this.context = context;
        this.quiet = QuietSpell.ofCommitInterval(context.appConfigs());
    }

    @Override
    public void process(Record<byte[], byte[]> record) {
        if (quiet.arrived(context.currentSystemTimeMs())) {
            // The graph task reads this stage's output read_committed: on a quiet system, waiting
            // for the commit interval would be most of the time from event to answer.
            context.commit();
        }
        RecordMetadata meta = context.recordMetadata().orElseThrow();
        Origin origin = new Origin(meta.topic(), meta.partition(), meta.offset(), record.key());
        EventDecoding.Decoded decoded = EventDecoding.decode(deserializer, meta.topic(), record.headers(), record.value());
        if (decoded instanceof EventDecoding.Refused refused) {
            refuse(record, origin, refused.rejection(), null);
            return;
        }
        MilestoneEvent event = ((EventDecoding.DecodedEvent) decoded).event();
        Rejection rule = EventRules.check(event).orElse(null);
        if (rule != null) {
            refuse(record, origin, rule, event.getEventId());
            return;
        }
        origin.writeTo(record.headers());
        context.forward(record.withKey(EventRules.entityId(event)).withValue(new Checked.Accepted(record.value())));
    }

    private void refuse(Record<byte[], byte[]> record, Origin origin, Rejection rejection, String eventId) {
        long now = context.currentSystemTimeMs();
        rejections.rejected(rejection.code(), rejection.message(), origin.topic(), origin.partition(), origin.offset(), now);
        DeadLetter letter = deadLetter(origin, record.value(), rejection, eventId, now);
        context.forward(record.withKey((String) null).withValue(new Checked.Refused(origin.key(), letter)));
    }

    static DeadLetter deadLetter(Origin origin, byte[] value, Rejection rejection, String eventId, long nowMs) {
        return DeadLetter.newBuilder()
                .setTopic(origin.topic())
                .setPartition(origin.partition())
                .setOffset(origin.offset())
                .setKey(origin.key() == null ? null : ByteBuffer.wrap(origin.key()))
                .setValue(value == null ? null : ByteBuffer.wrap(value))
                .setReasonCode(rejection.code())
                .setReason(rejection.message())
                .setEventId(eventId)
                .setRejectedAt(Instant.ofEpochMilli(nowMs))
                .build();
    }
}
