package one.mcps.platform.events;

import java.time.Instant;

import com.fasterxml.jackson.databind.JsonNode;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** Tells the service that executes tasks of {@code taskType} to run or cancel one attempt of a task. */
@RegisterForReflection
public record TaskCommand(String taskId, String taskType, String action, JsonNode params, Integer attempt,
        Long timeoutMs, Instant at) implements PlatformEvent {

    public static final String RUN = "run";
    public static final String CANCEL = "cancel";

    public String topic() {
        return Topics.TASK_COMMANDS;
    }

    public String type() {
        return EventTypes.TASK_COMMAND;
    }

    public String key() {
        return taskId;
    }
}
