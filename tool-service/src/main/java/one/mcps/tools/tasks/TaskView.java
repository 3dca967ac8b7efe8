package one.mcps.tools.tasks;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * A task as the API shows it (the lease and who it acts as stay internal). {@code result} is null and
 * {@code result_hidden} true when the caller may not use the tool a tool.call called.
 */
public record TaskView(UUID id, String name, String type, Map<String, Object> params, String schedule, Instant runAt,
        long timeoutMs, int maxAttempts, boolean enabled, String state, Double progress, int attempts, int runs,
        Instant startedAt, Instant finishedAt, Map<String, Object> result, boolean resultHidden, String error,
        Instant nextRunAt, String createdBy, Instant createdAt, Instant updatedAt) {

    static TaskView of(Task t, boolean resultVisible) {
        boolean hidden = !resultVisible && t.result != null;
        return new TaskView(t.id, t.name, t.type, t.params, t.schedule, t.runAt, t.timeoutMs, t.maxAttempts,
                t.enabled, t.state, t.progress, t.attempts, t.runs, t.startedAt, t.finishedAt,
                hidden ? null : t.result, hidden, t.error, t.nextRunAt, t.createdBy, t.createdAt, t.updatedAt);
    }
}
