package one.mcps.platform.events;

import java.time.Instant;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * One routed MCP request ({@code tools/call}, {@code resources/read}, {@code prompts/get}): who, what, how long,
 * how it ended.
 */
@RegisterForReflection
public record McpCallRecorded(String sessionId, String userId, String username, String server, String method,
        String name, long durationMs, String outcome, String error, long requestBytes, long responseBytes,
        String requestId, Instant at) implements PlatformEvent {

    public static final String OK = "ok";
    public static final String ERROR = "error";
    public static final String TIMEOUT = "timeout";
    public static final String DENIED = "denied";

    public String topic() {
        return Topics.MCP_CALLS;
    }

    public String type() {
        return EventTypes.MCP_CALL;
    }

    public String key() {
        return sessionId == null ? "" : sessionId;
    }
}
