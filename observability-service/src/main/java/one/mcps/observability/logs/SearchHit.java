package one.mcps.observability.logs;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** A log entry found by full-text search, its rank and its message with the matched words highlighted. */
@RegisterForReflection
public record SearchHit(LogEntry entry, double rank, String snippet) {
}
