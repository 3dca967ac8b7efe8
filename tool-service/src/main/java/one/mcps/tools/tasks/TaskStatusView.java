package one.mcps.tools.tasks;

import java.time.Instant;
import java.util.Map;

/** GET /api/v1/tasks/{task_id}/status, the seed's shape. */
public record TaskStatusView(String state, Double progress, Instant startedAt, Instant finishedAt,
        Map<String, Object> result, String error, int attempts, Instant nextRunAt) {

    static TaskStatusView of(Task t) {
        return new TaskStatusView(t.state, t.progress, t.startedAt, t.finishedAt, t.result, t.error, t.attempts,
                t.nextRunAt);
    }
}
