package one.mcps.tools.tasks;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.scheduler.ScheduledExecution;

/**
 * Lets an instance serve the task API without executing tasks ({@code mcps.tasks.executor-enabled=false}); and no
 * instance polls once its shutdown began, when the database pool closes before the scheduler's last ticks.
 */
@Singleton
public class TasksDisabled implements Scheduled.SkipPredicate {

    private final boolean enabled;
    private volatile boolean shuttingDown;

    public TasksDisabled(TasksConfig config) {
        this.enabled = config.executorEnabled();
    }

    void stopping(@Observes ShutdownEvent event) {
        shuttingDown = true;
    }

    @Override
    public boolean test(ScheduledExecution execution) {
        return !enabled || shuttingDown;
    }
}
