package one.mcps.tools.tasks;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A scheduled or background task and the state of its current (or last) run, a row of {@code tasks}
 * ({@link TaskRepository}); {@code version} guards every write (optimistic locking).
 */
public class Task {

    public static final String PENDING = "pending";
    public static final String SCHEDULED = "scheduled";
    public static final String RUNNING = "running";
    public static final String SUCCEEDED = "succeeded";
    public static final String FAILED = "failed";
    public static final String CANCELLED = "cancelled";

    public UUID id;
    public String name;
    public String type;
    public Map<String, Object> params = new LinkedHashMap<>();
    public List<String> tools = new ArrayList<>();
    public String schedule;
    public Instant runAt;
    public long timeoutMs;
    public int maxAttempts;
    public boolean enabled;
    public String state;
    public Double progress;
    public int attempts;
    public int runs;
    public Instant startedAt;
    public Instant finishedAt;
    public Map<String, Object> result;
    public String error;
    public Instant nextRunAt;
    public String leaseOwner;
    public Instant leaseUntil;
    /** The user the task acts as (its creator, or whoever last changed its definition), and their API key if any. */
    public String runAsUserId;
    public String runAsApiKeyId;
    public String createdBy;
    public Instant createdAt;
    public Instant updatedAt;
    public long version;

    public boolean isRunning() {
        return RUNNING.equals(state);
    }
}
