package one.mcps.tools.tasks;

import java.time.Instant;
import java.util.Map;

/**
 * GET /api/v1/tasks/{task_id}/status, the seed's shape; {@code result} is null and {@code result_hidden} true when
 * the caller may not use the tool a tool.call called.
 */
public record TaskStatusView(String state, Double progress, Instant startedAt, Instant finishedAt,
        Map<String, Object> result, boolean resultHidden, String error, int attempts, Instant nextRunAt) {

    static TaskStatusView of(Task t, boolean resultVisible) {
        boolean hidden = !resultVisible && t.result != null;
        return new TaskStatusView(t.state, t.progress, t.startedAt, t.finishedAt, hidden ? null : t.result, hidden,
                t.error, t.attempts, t.nextRunAt);
    }
}
