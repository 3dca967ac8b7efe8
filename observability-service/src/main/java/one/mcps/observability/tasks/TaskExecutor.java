package one.mcps.observability.tasks;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeoutException;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.vertx.core.runtime.context.VertxContextSafetyToggle;
import io.smallrye.common.vertx.VertxContext;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.Cancellable;
import io.vertx.core.Context;
import io.vertx.mutiny.core.Vertx;
import one.mcps.platform.events.TaskChanged;
import one.mcps.platform.events.TaskCommand;
import one.mcps.platform.outbox.Outbox;

/**
 * Runs the attempts tool-service sends, each on a Vert.x context of its own (one reactive session per context),
 * and reports running, then the outcome, as TaskChanged through the outbox. Keeps the in-flight ones so a cancel
 * stops the work. A second run command for an attempt already in flight (a redelivery) is ignored.
 */
@ApplicationScoped
public class TaskExecutor {

    private static final Logger LOG = Logger.getLogger(TaskExecutor.class);

    private final Map<String, Cancellable> inFlight = new ConcurrentHashMap<>();
    private final TaskWork work;
    private final Outbox outbox;
    private final ObjectMapper mapper;
    private final Vertx vertx;

    public TaskExecutor(TaskWork work, Outbox outbox, ObjectMapper mapper, Vertx vertx) {
        this.work = work;
        this.outbox = outbox;
        this.mapper = mapper;
        this.vertx = vertx;
    }

    public void run(TaskCommand command) {
        String key = key(command);
        if (inFlight.containsKey(key)) {
            return;
        }
        Context context = VertxContext.createNewDuplicatedContext(vertx.getDelegate().getOrCreateContext());
        VertxContextSafetyToggle.setContextSafe(context, true);
        context.runOnContext(ignored -> bounded(command, report(command, TaskChangedState.RUNNING, 0.0, null, null)
                .chain(() -> work.run(command)))
                .onSubscription().invoke(subscription -> inFlight.put(key, subscription::cancel))
                .emitOn(task -> context.runOnContext(v -> task.run()))
                .subscribe().with(
                        result -> finished(command, TaskChangedState.SUCCEEDED, result, null),
                        failure -> finished(command, TaskChangedState.FAILED, null, failure instanceof TimeoutException
                                ? "Timed out after " + command.timeoutMs() + " ms." : String.valueOf(failure.getMessage()))));
    }

    /** The attempt fails once the task's timeout passes (tool-service always sends one). */
    private static Uni<Map<String, Object>> bounded(TaskCommand command, Uni<Map<String, Object>> attempt) {
        return command.timeoutMs() == null ? attempt
                : attempt.ifNoItem().after(Duration.ofMillis(command.timeoutMs())).fail();
    }

    public void cancel(TaskCommand command) {
        Cancellable running = inFlight.remove(key(command));
        if (running == null) {
            return;
        }
        running.cancel();
        Context context = VertxContext.createNewDuplicatedContext(vertx.getDelegate().getOrCreateContext());
        VertxContextSafetyToggle.setContextSafe(context, true);
        context.runOnContext(ignored -> report(command, TaskChangedState.CANCELLED, null, null, "Cancelled.")
                .subscribe().with(ok -> LOG.infof("Cancelled task %s", command.taskId()),
                        failure -> LOG.warnf(failure, "Could not report the cancel of task %s", command.taskId())));
    }

    private void finished(TaskCommand command, String state, Map<String, Object> result, String error) {
        inFlight.remove(key(command));
        report(command, state, TaskChangedState.SUCCEEDED.equals(state) ? 1.0 : null, result, error).subscribe().with(
                ok -> LOG.debugf("Task %s attempt %s: %s", command.taskId(), command.attempt(), state),
                failure -> LOG.errorf(failure, "Could not report the outcome of task %s", command.taskId()));
    }

    private Uni<Void> report(TaskCommand command, String state, Double progress, Map<String, Object> result,
            String error) {
        TaskChanged event = new TaskChanged(command.taskId(), null, command.taskType(), state, progress,
                command.attempt(), result == null ? null : mapper.valueToTree(result), error, Instant.now());
        return Panache.withTransaction(() -> outbox.enqueue(event));
    }

    private static String key(TaskCommand command) {
        return command.taskId() + "#" + command.attempt();
    }
}
