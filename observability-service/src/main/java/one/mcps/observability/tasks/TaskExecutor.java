package one.mcps.observability.tasks;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeoutException;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.runtime.ShutdownEvent;
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
 * stops the work. A second run command for an attempt already taken on, here or by another instance (a
 * redelivery), is ignored.
 */
@ApplicationScoped
public class TaskExecutor {

    private static final Logger LOG = Logger.getLogger(TaskExecutor.class);

    private final Map<String, Cancellable> inFlight = new ConcurrentHashMap<>();
    private final TaskWork work;
    private final Outbox outbox;
    private final ObjectMapper mapper;
    private final Vertx vertx;
    private final TaskAttempts attempts;
    private volatile boolean stopping;

    public TaskExecutor(TaskWork work, Outbox outbox, ObjectMapper mapper, Vertx vertx, TaskAttempts attempts) {
        this.work = work;
        this.outbox = outbox;
        this.mapper = mapper;
        this.vertx = vertx;
        this.attempts = attempts;
    }

    public void run(TaskCommand command) {
        String key = key(command);
        if (inFlight.containsKey(key)) {
            return;
        }
        Context context = VertxContext.createNewDuplicatedContext(vertx.getDelegate().getOrCreateContext());
        VertxContextSafetyToggle.setContextSafe(context, true);
        context.runOnContext(ignored -> attempts.claim(command).subscribe().with(claimed -> {
            if (claimed) {
                start(command, context, key);
            } else {
                LOG.debugf("Task %s attempt %s was taken on already (a redelivered command)", command.taskId(),
                        command.attempt());
            }
        }, failure -> LOG.warnf("Task %s attempt %s not run, it could not be claimed (tool-service retries it when "
                + "its lease expires): %s", command.taskId(), command.attempt(), failure.getMessage())));
    }

    private void start(TaskCommand command, Context context, String key) {
        bounded(command, report(command, TaskChangedState.RUNNING, 0.0, null, null).chain(() -> work.run(command)))
                .onSubscription().invoke(subscription -> inFlight.put(key, subscription::cancel))
                .emitOn(task -> context.runOnContext(v -> task.run()))
                .subscribe().with(
                        result -> finished(command, TaskChangedState.SUCCEEDED, result, null),
                        failure -> finished(command, TaskChangedState.FAILED, null, failure instanceof TimeoutException
                                ? "Timed out after " + command.timeoutMs() + " ms." : String.valueOf(failure.getMessage())));
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

    /**
     * Before the database pool closes: attempts still running are dropped without a report (it could not be
     * written any more); tool-service fails each when its lease expires and retries it if attempts are left.
     */
    void stop(@Observes ShutdownEvent event) {
        stopping = true;
        int dropped = 0;
        for (String key : inFlight.keySet()) {
            Cancellable running = inFlight.remove(key);
            if (running != null) {
                running.cancel();
                dropped++;
            }
        }
        if (dropped > 0) {
            LOG.infof("Stopping: %d task attempts left unfinished; tool-service fails them when their "
                    + "leases expire and retries them if attempts are left", dropped);
        }
    }

    private void finished(TaskCommand command, String state, Map<String, Object> result, String error) {
        inFlight.remove(key(command));
        if (stopping) {
            return;
        }
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
