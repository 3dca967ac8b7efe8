package one.mcps.observability.ingest;

import one.mcps.observability.logs.LogEntry;
import one.mcps.platform.events.PlatformEvent;

/** A platform event read from Kafka together with the log entry it becomes. */
public record IngestedEvent(String topic, PlatformEvent event, LogEntry entry) {
}
