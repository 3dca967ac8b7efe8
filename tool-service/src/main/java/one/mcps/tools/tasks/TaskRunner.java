package one.mcps.tools.tasks;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeoutException;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;

import org.jboss.logging.Logger;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.Cancellable;

/**
 * Runs claimed tasks of this service's own types and records each outcome. Keeps the in-flight ones so a stop
 * cancels the work itself, not just the row.
 */
@ApplicationScoped
public class TaskRunner {

    private static final Logger LOG = Logger.getLogger(TaskRunner.class);

    private final Map<String, TaskExecutor> executors = new HashMap<>();
    private final Map<UUID, Cancellable> inFlight = new ConcurrentHashMap<>();
    private final TaskService tasks;

    public TaskRunner(Instance<TaskExecutor> all, TaskService tasks) {
        all.forEach(executor -> executor.types().forEach(type -> executors.put(type, executor)));
        this.tasks = tasks;
    }

    public void launch(Task task) {
        run(task)
                .onSubscription().invoke(subscription -> inFlight.put(task.id, subscription::cancel))
                .subscribe().with(
                result -> done(task, Task.SUCCEEDED, result, null),
                failure -> done(task, Task.FAILED, failure instanceof TaskFailed f ? f.result() : null,
                        message(task, failure)));
    }

    /** Stops the work of a task this instance runs; nothing happens for one it does not. */
    public void cancel(UUID id) {
        Cancellable running = inFlight.remove(id);
        if (running != null) {
            LOG.infof("Cancelling task %s", id);
            running.cancel();
        }
    }

    public List<UUID> running() {
        return List.copyOf(inFlight.keySet());
    }

    private Uni<Map<String, Object>> run(Task task) {
        TaskExecutor executor = executors.get(task.type);
        if (executor == null) {
            return Uni.createFrom().failure(new TaskFailed("No executor for " + task.type + " here.", null));
        }
        TaskExecutor.Progress progress = (done, total) -> tasks.progress(task.id, task.attempts,
                total == 0 ? 1.0 : (double) done / total);
        return Uni.createFrom().deferred(() -> executor.execute(task, progress))
                .ifNoItem().after(Duration.ofMillis(task.timeoutMs)).fail();
    }

    private void done(Task task, String state, Map<String, Object> result, String error) {
        inFlight.remove(task.id);
        tasks.finish(task.id, task.attempts, state, result, error).subscribe().with(
                recorded -> LOG.debugf("Task %s attempt %d: %s (recorded: %s)", task.id, task.attempts, state, recorded),
                failure -> LOG.errorf(failure, "Could not record the outcome of task %s", task.id));
    }

    private static String message(Task task, Throwable failure) {
        if (failure instanceof TimeoutException) {
            return "Timed out after " + task.timeoutMs + " ms.";
        }
        return failure.getMessage() == null ? failure.getClass().getSimpleName() : failure.getMessage();
    }
}
