package one.mcps.observability.logs;

import java.util.List;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** A page of log entries, newest first. */
@RegisterForReflection
public record LogPage(List<LogEntry> items, long total, int page, int size) {
}
