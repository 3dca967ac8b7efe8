package one.mcps.platform.events;

import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Message;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.smallrye.reactive.messaging.ce.IncomingCloudEventMetadata;

/** Reads platform events back from Kafka messages: the CloudEvents id (for de-duplication) and the record. */
@ApplicationScoped
public class EventReader {

    private final ObjectMapper mapper;

    public EventReader(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    public <T extends PlatformEvent> T read(String json, Class<T> type) {
        try {
            return mapper.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("Not a " + type.getSimpleName() + " event", e);
        }
    }

    @SuppressWarnings("unchecked")
    public Optional<IncomingCloudEventMetadata<String>> cloudEvent(Message<String> message) {
        return message.getMetadata(IncomingCloudEventMetadata.class).map(m -> (IncomingCloudEventMetadata<String>) m);
    }

    /** The CloudEvents id of the message, the key consumers drop duplicates by. */
    public Optional<String> eventId(Message<String> message) {
        return cloudEvent(message).map(IncomingCloudEventMetadata::getId);
    }
}
