package one.mcps.platform.events;

import java.time.Instant;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** A tool (MCP server) changed state: stopped, starting, running, unhealthy, stopping, failed. */
@RegisterForReflection
public record ToolStatusChanged(String toolId, String tool, String transport, String state, String previousState,
        Long pid, Integer restarts, String reason, Instant at) implements PlatformEvent {

    public String topic() {
        return Topics.TOOL_STATUS;
    }

    public String type() {
        return EventTypes.TOOL_STATUS_CHANGED;
    }

    public String key() {
        return tool;
    }
}
