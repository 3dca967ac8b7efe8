package one.mcps.platform.events;

import java.time.Instant;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** One stderr line of a tool process, or one lifecycle note (stream {@code lifecycle}). */
@RegisterForReflection
public record ToolLogLine(String tool, String stream, String level, String line, Long pid, Instant at)
        implements PlatformEvent {

    public static final String STDERR = "stderr";
    public static final String LIFECYCLE = "lifecycle";

    public String topic() {
        return Topics.TOOL_LOGS;
    }

    public String type() {
        return EventTypes.TOOL_LOG_LINE;
    }

    public String key() {
        return tool;
    }
}
