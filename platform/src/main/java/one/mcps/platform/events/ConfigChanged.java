package one.mcps.platform.events;

import java.time.Instant;

import com.fasterxml.jackson.databind.JsonNode;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** A runtime setting changed; every service applies it without a restart. */
@RegisterForReflection
public record ConfigChanged(String settingKey, JsonNode value, String changedBy, Instant at) implements PlatformEvent {

    public String topic() {
        return Topics.SYSTEM_CONFIG;
    }

    public String type() {
        return EventTypes.CONFIG_CHANGED;
    }

    public String key() {
        return settingKey;
    }
}
