package one.mcps.observability.ingest;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

/**
 * The CloudEvents attributes of a raw Kafka record (binary mode, {@code ce_*} headers). Ingestion reads records in
 * batches, where the connector attaches no per-record CloudEvents metadata, so the headers are read here.
 */
record EventHeaders(String id, String type, String source, Instant time) {

    private static final String SOURCE_PREFIX = "/mcps/";

    static EventHeaders of(ConsumerRecord<String, String> record) {
        String id = header(record, "ce_id");
        if (id == null) {
            // A producer that does not speak CloudEvents: the record's position is just as unique and stable.
            id = record.topic() + "-" + record.partition() + "-" + record.offset();
        }
        String source = header(record, "ce_source");
        if (source != null && source.startsWith(SOURCE_PREFIX)) {
            source = source.substring(SOURCE_PREFIX.length());
        }
        return new EventHeaders(id, header(record, "ce_type"), source, time(record));
    }

    private static Instant time(ConsumerRecord<String, String> record) {
        String value = header(record, "ce_time");
        if (value != null) {
            try {
                return OffsetDateTime.parse(value).toInstant();
            } catch (DateTimeParseException e) {
                // fall back to the broker's timestamp below
            }
        }
        return record.timestamp() > 0 ? Instant.ofEpochMilli(record.timestamp()) : Instant.now();
    }

    private static String header(ConsumerRecord<String, String> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
