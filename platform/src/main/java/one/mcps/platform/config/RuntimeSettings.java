package one.mcps.platform.config;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiConsumer;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;

import io.smallrye.mutiny.Uni;
import one.mcps.platform.events.ConfigChanged;
import one.mcps.platform.events.EventReader;

/**
 * The runtime settings announced on {@code mcps.system.config} (log retention, rate limits, registration, feature
 * switches). The topic is compacted and every instance reads it from the start, so a service that starts late
 * still knows the current value of every setting.
 */
@ApplicationScoped
public class RuntimeSettings {

    public static final String CHANNEL = "mcps-config";
    private static final Logger LOG = Logger.getLogger(RuntimeSettings.class);

    private final Map<String, JsonNode> values = new ConcurrentHashMap<>();
    private final CopyOnWriteArrayList<BiConsumer<String, JsonNode>> listeners = new CopyOnWriteArrayList<>();
    private final EventReader reader;

    public RuntimeSettings(EventReader reader) {
        this.reader = reader;
    }

    @Incoming(CHANNEL)
    public Uni<Void> onChange(Message<String> message) {
        try {
            ConfigChanged change = reader.read(message.getPayload(), ConfigChanged.class);
            values.put(change.settingKey(), change.value());
            listeners.forEach(l -> l.accept(change.settingKey(), change.value()));
        } catch (IllegalArgumentException e) {
            LOG.warnf("Ignoring an unreadable settings event: %s", e.getMessage());
        }
        return Uni.createFrom().completionStage(message.ack());
    }

    public Optional<JsonNode> get(String key) {
        return Optional.ofNullable(values.get(key));
    }

    public boolean getBoolean(String key, boolean fallback) {
        return get(key).filter(JsonNode::isBoolean).map(JsonNode::booleanValue).orElse(fallback);
    }

    public long getLong(String key, long fallback) {
        return get(key).filter(JsonNode::isNumber).map(JsonNode::longValue).orElse(fallback);
    }

    /** Called on the consumer's thread for every change; keep it short and non-blocking. */
    public void onChange(BiConsumer<String, JsonNode> listener) {
        listeners.add(listener);
    }
}
