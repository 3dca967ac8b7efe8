package one.mcps.observability.ingest;

import java.nio.charset.StandardCharsets;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;

import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.Record;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;

/**
 * Where a record goes that can never be stored: the dead-letter topic ({@code mcps.dead-letter}), with the
 * original key, value and headers, plus why and where it came from (the header names SmallRye's own dead-letter
 * queue uses). An operator reads it there; the consumer goes on with the records behind it.
 */
@ApplicationScoped
public class DeadLetters {

    public static final String CHANNEL = "mcps-dead-letter";
    static final String REASON = "dead-letter-reason";
    static final String CAUSE = "dead-letter-cause";
    static final String TOPIC = "dead-letter-topic";
    static final String PARTITION = "dead-letter-partition";
    static final String OFFSET = "dead-letter-offset";

    private final MutinyEmitter<Record<String, String>> emitter;

    public DeadLetters(@Channel(CHANNEL) MutinyEmitter<Record<String, String>> emitter) {
        this.emitter = emitter;
    }

    /** Completes when the broker acknowledged the dead letter, so its source offset may be committed. */
    public Uni<Void> send(ConsumerRecord<String, String> record, String reason, Throwable cause) {
        RecordHeaders headers = new RecordHeaders();
        for (Header header : record.headers()) {
            headers.add(header);
        }
        add(headers, REASON, reason == null ? "unknown" : reason);
        if (cause != null) {
            add(headers, CAUSE, cause.getClass().getName());
        }
        add(headers, TOPIC, record.topic());
        add(headers, PARTITION, String.valueOf(record.partition()));
        add(headers, OFFSET, String.valueOf(record.offset()));
        OutgoingKafkaRecordMetadata<String> metadata = OutgoingKafkaRecordMetadata.<String>builder()
                .withKey(record.key()).withHeaders(headers).build();
        return emitter.sendMessage(Message.of(Record.of(record.key(), record.value())).addMetadata(metadata));
    }

    private static void add(RecordHeaders headers, String name, String value) {
        headers.remove(name);
        headers.add(name, value.getBytes(StandardCharsets.UTF_8));
    }
}
