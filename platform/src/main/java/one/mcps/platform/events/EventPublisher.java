package one.mcps.platform.events;

import java.net.URI;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.ce.OutgoingCloudEventMetadata;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;

/**
 * Sends platform events to Kafka as CloudEvents 1.0 (binary mode: {@code ce_*} headers, JSON value). Use it
 * directly only for events that go with no database write (an MCP call record); anything that must agree with
 * the database goes through the {@link one.mcps.platform.outbox.Outbox}.
 */
@ApplicationScoped
public class EventPublisher {

    public static final String CHANNEL = "mcps-events";

    private final MutinyEmitter<String> emitter;
    private final ObjectMapper mapper;
    private final URI source;

    public EventPublisher(@Channel(CHANNEL) MutinyEmitter<String> emitter, ObjectMapper mapper,
            @ConfigProperty(name = "quarkus.application.name") String service) {
        this.emitter = emitter;
        this.mapper = mapper;
        this.source = URI.create("/mcps/" + service);
    }

    /** Sends the event now; the Uni completes when the broker acknowledged it. */
    public Uni<Void> publish(PlatformEvent event) {
        return send(UUID.randomUUID().toString(), event.topic(), event.key(), event.type(), toJson(event),
                Instant.now());
    }

    /** Sends an already serialized event with its own id (the outbox keeps ids stable across retries). */
    public Uni<Void> send(String id, String topic, String key, String type, String json, Instant time) {
        OutgoingCloudEventMetadata<Object> cloudEvent = OutgoingCloudEventMetadata.builder()
                .withId(id)
                .withType(type)
                .withSource(source)
                .withSubject(key)
                .withDataContentType("application/json")
                .withTimestamp(time.atZone(ZoneOffset.UTC))
                .build();
        OutgoingKafkaRecordMetadata<String> kafka = OutgoingKafkaRecordMetadata.<String>builder()
                .withTopic(topic)
                .withKey(key)
                .build();
        return emitter.sendMessage(Message.of(json).addMetadata(cloudEvent).addMetadata(kafka));
    }

    public String toJson(PlatformEvent event) {
        try {
            return mapper.writeValueAsString(event);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("Event " + event.type() + " cannot be serialized", e);
        }
    }
}
