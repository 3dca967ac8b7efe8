package one.mcps.observability.live;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.websockets.next.WebSocketConnection;

/** The connected live clients; an event is serialized once and queued for every client that subscribed to it. */
@ApplicationScoped
public class LiveHub {

    private final Map<String, LiveClient> clients = new ConcurrentHashMap<>();
    private final ObjectMapper mapper;
    private final int bufferSize;

    public LiveHub(ObjectMapper mapper, @ConfigProperty(name = "mcps.live.buffer-size") int bufferSize) {
        this.mapper = mapper;
        this.bufferSize = bufferSize;
    }

    LiveClient connect(WebSocketConnection connection) {
        return clients.computeIfAbsent(connection.id(), id -> new LiveClient(connection, bufferSize));
    }

    LiveClient client(WebSocketConnection connection) {
        return clients.get(connection.id());
    }

    void disconnect(WebSocketConnection connection) {
        clients.remove(connection.id());
    }

    /** Whether any authenticated client is connected: with none, nothing is worth mapping for the live stream. */
    public boolean listening() {
        for (LiveClient client : clients.values()) {
            if (client.authenticated()) {
                return true;
            }
        }
        return false;
    }

    public void publish(LiveEvent event) {
        String json = null;
        for (LiveClient client : clients.values()) {
            if (client.authenticated() && client.wants(event)) {
                if (json == null) {
                    json = json(event);
                }
                client.offer(json);
            }
        }
    }

    String json(Object value) {
        try {
            return mapper.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("Not serializable as JSON", e);
        }
    }

    private String json(LiveEvent event) {
        Map<String, Object> message = new LinkedHashMap<>();
        message.put("type", "event");
        message.put("channel", event.channel());
        message.put("data", event.data());
        return json(message);
    }
}
