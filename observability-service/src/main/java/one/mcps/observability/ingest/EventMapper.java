package one.mcps.observability.ingest;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.ObjectMapper;

import one.mcps.observability.logs.LogEntry;
import one.mcps.platform.events.AuditRecorded;
import one.mcps.platform.events.ConfigChanged;
import one.mcps.platform.events.EventReader;
import one.mcps.platform.events.McpCallRecorded;
import one.mcps.platform.events.Revocation;
import one.mcps.platform.events.TaskChanged;
import one.mcps.platform.events.TaskCommand;
import one.mcps.platform.events.ToolLogLine;
import one.mcps.platform.events.ToolStatusChanged;
import one.mcps.platform.events.Topics;

/** Turns a record of any platform topic into the event it carries and the log entry that describes it. */
@ApplicationScoped
public class EventMapper {

    private static final Logger LOG = Logger.getLogger(EventMapper.class);

    private final EventReader reader;
    private final ObjectMapper mapper;

    public EventMapper(EventReader reader, ObjectMapper mapper) {
        this.reader = reader;
        this.mapper = mapper;
    }

    /** Empty when the record is not a readable platform event (for the live stream, which only skips it). */
    public Optional<IngestedEvent> map(ConsumerRecord<String, String> record) {
        try {
            return Optional.of(read(record));
        } catch (UnreadableEvent e) {
            LOG.debugf("Not streaming an unreadable event on %s: %s", record.topic(), e.getMessage());
            return Optional.empty();
        }
    }

    /**
     * The event a record carries and the entry it becomes.
     *
     * @throws UnreadableEvent when it carries none this service can read: not JSON of the topic's event, a
     *         CloudEvents type the topic does not carry, or a topic without a mapping. Reading it again never helps.
     */
    public IngestedEvent read(ConsumerRecord<String, String> record) {
        EventHeaders headers = EventHeaders.of(record);
        IngestedEvent event;
        try {
            event = switch (record.topic()) {
                case Topics.TOOL_STATUS -> toolStatus(headers, reader.read(record.value(), ToolStatusChanged.class));
                case Topics.TOOL_LOGS -> toolLog(headers, reader.read(record.value(), ToolLogLine.class));
                case Topics.TASKS -> task(headers, reader.read(record.value(), TaskChanged.class));
                case Topics.TASK_COMMANDS -> taskCommand(headers, reader.read(record.value(), TaskCommand.class));
                case Topics.MCP_CALLS -> mcpCall(headers, reader.read(record.value(), McpCallRecorded.class));
                case Topics.AUDIT -> audit(headers, reader.read(record.value(), AuditRecorded.class));
                case Topics.REVOCATIONS -> revocation(headers, reader.read(record.value(), Revocation.class));
                case Topics.SYSTEM_CONFIG -> config(headers, reader.read(record.value(), ConfigChanged.class));
                default -> throw new UnreadableEvent("No mapping for topic " + record.topic(), null);
            };
        } catch (UnreadableEvent e) {
            throw e;
        } catch (RuntimeException e) {
            // Not only the reader's IllegalArgumentException: a field the mapping needs may be missing (an NPE);
            // either way the same record fails the same way every time.
            throw new UnreadableEvent(String.valueOf(e.getMessage()), e);
        }
        if (headers.type() != null && !headers.type().equals(event.event().type())) {
            throw new UnreadableEvent("Type " + headers.type() + " is not what " + record.topic() + " carries ("
                    + event.event().type() + ")", null);
        }
        return event;
    }

    private IngestedEvent toolStatus(EventHeaders h, ToolStatusChanged e) {
        String level = switch (String.valueOf(e.state())) {
            case "failed" -> LogEntry.ERROR;
            case "unhealthy" -> LogEntry.WARN;
            default -> LogEntry.INFO;
        };
        String message = "Tool " + e.tool() + " is " + e.state()
                + (e.previousState() == null ? "" : " (was " + e.previousState() + ")")
                + (e.reason() == null ? "" : ": " + e.reason());
        return new IngestedEvent(Topics.TOOL_STATUS, e, entry(h, at(e.at(), h), level, LogEntry.TOOL, e.tool(),
                message, null, null, e.tool(), null, attributes(e)));
    }

    private IngestedEvent toolLog(EventHeaders h, ToolLogLine e) {
        String level = e.level() != null ? e.level().toUpperCase()
                : ToolLogLine.STDERR.equals(e.stream()) ? LogEntry.WARN : LogEntry.INFO;
        return new IngestedEvent(Topics.TOOL_LOGS, e, entry(h, at(e.at(), h), level, LogEntry.TOOL, e.tool(),
                e.line(), null, null, e.tool(), null, attributes(e)));
    }

    private IngestedEvent task(EventHeaders h, TaskChanged e) {
        String level = "failed".equals(e.state()) ? LogEntry.ERROR : LogEntry.INFO;
        String message = "Task " + (e.name() == null ? e.taskId() : e.name()) + " is " + e.state()
                + (e.error() == null ? "" : ": " + e.error());
        return new IngestedEvent(Topics.TASKS, e, entry(h, at(e.at(), h), level, LogEntry.OPERATION, source(h),
                message, null, null, null, null, attributes(e)));
    }

    private IngestedEvent taskCommand(EventHeaders h, TaskCommand e) {
        return new IngestedEvent(Topics.TASK_COMMANDS, e, entry(h, at(e.at(), h), LogEntry.DEBUG, LogEntry.SYSTEM,
                source(h), "Task " + e.taskId() + ": " + e.action() + " (" + e.taskType() + ")", null, null, null,
                null, attributes(e)));
    }

    private IngestedEvent mcpCall(EventHeaders h, McpCallRecorded e) {
        String level = switch (String.valueOf(e.outcome())) {
            case McpCallRecorded.OK -> LogEntry.INFO;
            case McpCallRecorded.DENIED -> LogEntry.WARN;
            default -> LogEntry.ERROR;
        };
        String message = e.method() + " " + e.name() + " on " + e.server() + ": " + e.outcome() + " in "
                + e.durationMs() + " ms" + (e.error() == null ? "" : " (" + e.error() + ")");
        return new IngestedEvent(Topics.MCP_CALLS, e, entry(h, at(e.at(), h), level, LogEntry.MCP, e.server(),
                message, e.username(), e.sessionId(), e.server(), e.requestId(), attributes(e)));
    }

    private IngestedEvent audit(EventHeaders h, AuditRecorded e) {
        String level = AuditRecorded.FAILURE.equals(e.outcome()) ? LogEntry.WARN : LogEntry.INFO;
        String actor = e.actor() == null ? "anonymous" : e.actor();
        String target = e.targetType() == null ? "" : " " + e.targetType() + (e.targetId() == null ? "" : " " + e.targetId());
        String message = actor + " " + e.action() + target + ": " + e.outcome();
        String tool = "tool".equals(e.targetType()) ? e.targetId() : null;
        return new IngestedEvent(Topics.AUDIT, e, entry(h, at(e.at(), h), level, LogEntry.OPERATION, source(h),
                message, e.actor(), null, tool, null, attributes(e)));
    }

    private IngestedEvent revocation(EventHeaders h, Revocation e) {
        return new IngestedEvent(Topics.REVOCATIONS, e, entry(h, at(e.at(), h), LogEntry.INFO, LogEntry.SYSTEM,
                source(h), "Revoked " + e.kind() + " " + e.key(), null, null, null, null, attributes(e)));
    }

    private IngestedEvent config(EventHeaders h, ConfigChanged e) {
        return new IngestedEvent(Topics.SYSTEM_CONFIG, e, entry(h, at(e.at(), h), LogEntry.INFO, LogEntry.SYSTEM,
                source(h), "Setting " + e.settingKey() + " changed to " + e.value(), e.changedBy(), null, null, null,
                attributes(e)));
    }

    private static LogEntry entry(EventHeaders h, Instant time, String level, String category, String source,
            String message, String user, String session, String tool, String requestId, Map<String, Object> attrs) {
        attrs.put("event_type", h.type());
        return new LogEntry(null, h.id(), time, level, category, source == null ? "unknown" : source,
                message == null ? "" : message, user, session, tool, requestId, attrs);
    }

    private static String source(EventHeaders h) {
        return h.source() == null ? "unknown" : h.source();
    }

    private static Instant at(Instant eventTime, EventHeaders h) {
        return eventTime != null ? eventTime : h.time();
    }

    /** The event's own fields (snake_case, nulls dropped) become the entry's attributes. */
    @SuppressWarnings("unchecked")
    private Map<String, Object> attributes(Object event) {
        Map<String, Object> fields = mapper.convertValue(event, Map.class);
        fields.values().removeIf(v -> v == null);
        fields.remove("at");
        return new HashMap<>(fields);
    }
}
