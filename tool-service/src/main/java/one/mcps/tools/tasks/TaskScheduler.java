package one.mcps.tools.tasks;

import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;

/**
 * The poll every instance runs: fail attempts whose executor died (lease expired), claim what is due, run this
 * service's own types here, and cancel local work whose row says it should no longer run (stopped, possibly on
 * another instance, or deleted). The database, not this timer, decides who runs what, so any number of
 * instances may poll.
 */
@ApplicationScoped
public class TaskScheduler {

    private static final Logger LOG = Logger.getLogger(TaskScheduler.class);

    private final TaskService tasks;
    private final TaskRunner runner;

    public TaskScheduler(TaskService tasks, TaskRunner runner) {
        this.tasks = tasks;
        this.runner = runner;
    }

    @Scheduled(every = "${mcps.tasks.poll-interval}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = TasksDisabled.class)
    Uni<Void> poll() {
        return tasks.expireLeases()
                .invoke(expired -> {
                    if (expired > 0) {
                        LOG.warnf("%d task attempt(s) lost their executor", expired);
                    }
                })
                .chain(tasks::claimDue)
                .invoke(claimed -> claimed.forEach(task -> {
                    LOG.debugf("Running task %s (%s), attempt %d", task.id, task.type, task.attempts);
                    runner.launch(task);
                }))
                .chain(() -> reconcile())
                .onFailure().invoke(failure -> LOG.warn("Task poll failed; the next one retries", failure))
                .onFailure().recoverWithNull()
                .replaceWithVoid();
    }

    private Uni<Void> reconcile() {
        List<UUID> local = runner.running();
        return tasks.stillLeased(local).invoke(kept -> local.stream().filter(id -> !kept.contains(id))
                .forEach(runner::cancel)).replaceWithVoid();
    }
}
