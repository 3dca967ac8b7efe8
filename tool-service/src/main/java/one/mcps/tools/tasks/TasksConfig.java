package one.mcps.tools.tasks;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;

@ConfigMapping(prefix = "mcps.tasks")
public interface TasksConfig {

    /** False: this instance serves the API but leaves executing to others. */
    boolean executorEnabled();

    /** How often the scheduler looks for due tasks and expired leases (read by {@link TaskScheduler}). */
    Duration pollInterval();

    /** Applied when a task does not set timeout_ms. */
    long defaultTimeoutMs();

    /** Applied when a task does not set max_attempts. */
    int defaultMaxAttempts();

    /** How long after a failed attempt the next one starts. */
    Duration retryDelay();

    /** A lease lasts the task's timeout plus this, so only an executor that died lets it expire. */
    Duration leaseGrace();

    /** At most this many due tasks are claimed per poll. */
    int claimBatch();

    /** How often tools.start/stop/restart look whether a tool has settled. */
    Duration settlePoll();

    /** How long a tool.call waits for identity-service's token on behalf of the task's user. */
    Duration onBehalfTimeout();

    int pageDefaultSize();

    int pageMaxSize();
}
