package one.mcps.observability.monitoring;

import java.time.Instant;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** The last state tool-service announced for a tool. */
@RegisterForReflection
public record ToolState(String tool, String state, String previousState, int restarts, String reason,
        Instant updatedAt) {
}
