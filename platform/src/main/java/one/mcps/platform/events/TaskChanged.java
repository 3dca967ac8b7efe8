package one.mcps.platform.events;

import java.time.Instant;

import com.fasterxml.jackson.databind.JsonNode;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** A task was created, started, made progress or finished. */
@RegisterForReflection
public record TaskChanged(String taskId, String name, String taskType, String state, Double progress, Integer attempt,
        JsonNode result, String error, Instant at) implements PlatformEvent {

    public String topic() {
        return Topics.TASKS;
    }

    public String type() {
        return EventTypes.TASK_CHANGED;
    }

    public String key() {
        return taskId;
    }
}
