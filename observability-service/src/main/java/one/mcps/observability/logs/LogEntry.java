package one.mcps.observability.logs;

import java.time.Instant;
import java.util.Map;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * One entry of the platform's log. {@code eventId} is the CloudEvents id it came from (or a fresh id for entries
 * this service writes itself); {@code id} is null until stored. Its text fields never hold control characters
 * ({@link LogText#neutralise}): every entry is built through this constructor, whether ingested, written by this
 * service (alerts) or read back (rows stored before the rule existed), so a forged line cannot reach any output.
 * The attributes keep the event's own values: every output writes them as JSON, which escapes them.
 */
@RegisterForReflection
public record LogEntry(Long id, String eventId, Instant time, String level, String category, String source,
        String message, String user, String session, String tool, String requestId, Map<String, Object> attributes) {

    public LogEntry {
        source = LogText.neutralise(source);
        message = LogText.neutralise(message);
        user = LogText.neutralise(user);
        session = LogText.neutralise(session);
        tool = LogText.neutralise(tool);
        requestId = LogText.neutralise(requestId);
    }

    public static final String DEBUG = "DEBUG";
    public static final String INFO = "INFO";
    public static final String WARN = "WARN";
    public static final String ERROR = "ERROR";

    public static final String SYSTEM = "system";
    public static final String OPERATION = "operation";
    public static final String MCP = "mcp";
    public static final String TOOL = "tool";
}
