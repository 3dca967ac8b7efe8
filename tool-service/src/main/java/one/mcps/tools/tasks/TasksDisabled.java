package one.mcps.tools.tasks;

import jakarta.inject.Singleton;

import io.quarkus.scheduler.Scheduled;
import io.quarkus.scheduler.ScheduledExecution;

/** Lets an instance serve the task API without executing tasks ({@code mcps.tasks.executor-enabled=false}). */
@Singleton
public class TasksDisabled implements Scheduled.SkipPredicate {

    private final boolean enabled;

    public TasksDisabled(TasksConfig config) {
        this.enabled = config.executorEnabled();
    }

    @Override
    public boolean test(ScheduledExecution execution) {
        return !enabled;
    }
}
