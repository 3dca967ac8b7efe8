package one.mcps.tools.tasks;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import one.mcps.platform.errors.ProblemException;
import one.mcps.platform.events.TaskChanged;
import one.mcps.platform.events.TaskCommand;
import one.mcps.platform.outbox.SqlOutbox;
import one.mcps.platform.security.Caller;
import one.mcps.platform.security.Roles;
import one.mcps.tools.db.Database;
import one.mcps.tools.db.Page;
import one.mcps.tools.registry.Tool;
import one.mcps.tools.registry.ToolAccess;
import one.mcps.tools.registry.ToolRepository;

/**
 * Every change of a task's row, each in one transaction with the TaskChanged event (and, for tasks another
 * service executes, the TaskCommand) it causes. State rules make repeated or late reports harmless: an outcome
 * only lands on a task that is running the same attempt.
 */
@ApplicationScoped
public class TaskService {

    private final Database db;
    private final TaskRepository repository;
    private final ToolRepository tools;
    private final SqlOutbox outbox;
    private final ObjectMapper mapper;
    private final TasksConfig config;
    private final String owner;

    public TaskService(Database db, TaskRepository repository, ToolRepository tools, SqlOutbox outbox,
            ObjectMapper mapper, TasksConfig config,
            @ConfigProperty(name = "quarkus.application.name") String application,
            @ConfigProperty(name = "mcps.instance.id") String instance) {
        this.db = db;
        this.repository = repository;
        this.tools = tools;
        this.outbox = outbox;
        this.mapper = mapper;
        this.config = config;
        this.owner = application + "/" + instance;
    }

    public Uni<Page<Task>> search(TaskRepository.TaskFilter filter, int page, int size) {
        return repository.search(db.client(), filter, page, size);
    }

    public Uni<Task> get(UUID id) {
        return found(db.client(), id);
    }

    /** The task acts as {@code caller} (see {@link #actAs}); a tool.call only for a tool they may use. */
    public Uni<Task> create(TaskRequest request, Caller caller) {
        Task task = new Task();
        task.id = UUID.randomUUID();
        task.createdBy = caller.username();
        task.createdAt = Instant.now();
        apply(task, request);
        actAs(task, caller);
        return db.inTransaction(connection -> requireMayRun(connection, task, caller)
                .call(() -> changed(connection, task))
                .call(() -> repository.insert(connection, task)).replaceWith(task));
    }

    /** A new definition is the changer's: the task acts as them from now on, so they must be allowed to. */
    public Uni<Task> update(UUID id, TaskRequest request, Caller caller) {
        return db.inTransaction(connection -> found(connection, id).call(task -> {
            if (task.isRunning()) {
                throw ProblemException.conflict("Task " + id + " is running; stop it or wait for it to finish.");
            }
            apply(task, request);
            actAs(task, caller);
            return requireMayRun(connection, task, caller).call(() -> saved(connection, task));
        }));
    }

    public Uni<Void> delete(UUID id) {
        return db.inTransaction(connection -> found(connection, id)
                .call(task -> task.isRunning() ? cancelled(connection, task, "deleted") : Uni.createFrom().voidItem())
                .call(task -> repository.delete(connection, task))).replaceWithVoid();
    }

    /**
     * Makes the task due now; the scheduler picks it up on its next poll. A tool.call still acts as its user, but
     * only someone who may use the tool may make it happen now.
     */
    public Uni<Task> start(UUID id, Caller caller) {
        return db.inTransaction(connection -> found(connection, id).call(task -> {
            if (task.isRunning()) {
                throw ProblemException.conflict("Task " + id + " is already running.");
            }
            if (!task.enabled) {
                throw ProblemException.conflict("Task " + id + " is disabled; enable it first.");
            }
            return requireMayRun(connection, task, caller).call(() -> {
                dueAt(task, Instant.now(), Task.PENDING);
                return saved(connection, task);
            });
        }));
    }

    /**
     * Which of {@code tasks} the caller may see the result of: a tool.call's result is what the tool answered
     * (get-env answers with secret values), so only someone who may use that tool sees it; other types' results
     * are reports about tools and backups anyone who may read tasks sees.
     */
    public Uni<Predicate<Task>> resultVisible(Caller caller, List<Task> tasks) {
        List<String> servers = tasks.stream().filter(TaskService::isToolCall).map(TaskService::server).distinct()
                .toList();
        if (servers.isEmpty()) {
            return Uni.createFrom().item(task -> true);
        }
        return tools.findByNames(db.client(), servers).map(found -> {
            Map<String, Tool> byName = found.stream().collect(Collectors.toMap(t -> t.name, Function.identity()));
            return task -> !isToolCall(task) || mayUse(caller, server(task), byName.get(server(task)));
        });
    }

    /** Refuses (403) a tool.call for a tool {@code caller} may not use; 400 when no such tool is registered. */
    private Uni<Void> requireMayRun(SqlClient connection, Task task, Caller caller) {
        if (!isToolCall(task)) {
            return Uni.createFrom().voidItem();
        }
        String server = server(task);
        return tools.findByName(connection, server).invoke(tool -> {
            if (tool == null) {
                throw ProblemException.invalidField("params.server", "names no registered tool (" + server + ")");
            }
            if (!ToolAccess.mayUse(caller, tool)) {
                throw ProblemException.forbidden("You may not use tool " + server + " (its allowed_roles or your API "
                        + "key's servers), so a tool.call task of it cannot run as you.");
            }
        }).replaceWithVoid();
    }

    /** A tool no longer registered: only an admin whose credential is not limited to other servers. */
    private static boolean mayUse(Caller caller, String server, Tool tool) {
        return tool != null ? ToolAccess.mayUse(caller, tool)
                : caller.roles().contains(Roles.ADMIN) && caller.mayUseServer(server);
    }

    /**
     * The task will act as this caller: their user id and the API key they used, so a run gets a token on behalf
     * of that user and key (current roles, the key's scope, refused once disabled or revoked).
     */
    private static void actAs(Task task, Caller caller) {
        task.runAsUserId = caller.userId();
        task.runAsApiKeyId = caller.apiKeyId();
    }

    static boolean isToolCall(Task task) {
        return TaskTypes.TOOL_CALL.equals(task.type);
    }

    private static String server(Task task) {
        return String.valueOf(task.params.get("server"));
    }

    public Uni<Task> stop(UUID id) {
        return db.inTransaction(connection -> found(connection, id).call(task -> {
            if (!task.isRunning()) {
                throw ProblemException.conflict("Task " + id + " is not running (state " + task.state + ").");
            }
            return cancelled(connection, task, "stopped by a user");
        }));
    }

    /** Claims due tasks for this instance: running, attempt counted, lease taken; remote ones are sent off. */
    public Uni<List<Task>> claimDue() {
        return db.inTransaction(connection -> repository.lockDue(connection, config.claimBatch()).call(tasks -> {
            Instant now = Instant.now();
            Uni<Void> chain = Uni.createFrom().voidItem();
            for (Task task : tasks) {
                // A retry (pending after a failed attempt) counts on; a new due time starts again at 1.
                task.attempts = Task.PENDING.equals(task.state) ? task.attempts + 1 : 1;
                task.state = Task.RUNNING;
                task.progress = 0.0;
                task.startedAt = now;
                task.finishedAt = null;
                task.result = null;
                task.error = null;
                task.nextRunAt = null;
                task.leaseOwner = owner;
                task.leaseUntil = now.plusMillis(task.timeoutMs).plus(config.leaseGrace());
                chain = chain.call(() -> saved(connection, task)).call(() -> TaskTypes.isRemote(task.type)
                        ? outbox.enqueue(connection, command(task, TaskCommand.RUN))
                        : Uni.createFrom().voidItem());
            }
            return chain;
        }).map(tasks -> tasks.stream().filter(t -> !TaskTypes.isRemote(t.type)).map(TaskService::snapshot).toList()));
    }

    /** Running tasks whose executor let its lease run out are taken to have died: that attempt failed. */
    public Uni<Integer> expireLeases() {
        return db.inTransaction(connection -> repository.lockExpired(connection, config.claimBatch()).call(tasks -> {
            Uni<Void> chain = Uni.createFrom().voidItem();
            for (Task task : tasks) {
                String error = "The executor (" + task.leaseOwner + ") stopped answering; its lease expired "
                        + "during attempt " + task.attempts + ".";
                chain = chain.call(() -> outcome(connection, task, Task.FAILED, null, error));
            }
            return chain;
        }).map(List::size));
    }

    /** Records the outcome of one attempt; false when the task no longer runs that attempt. */
    public Uni<Boolean> finish(UUID id, int attempt, String state, Map<String, Object> result, String error) {
        return db.inTransaction(connection -> repository.findById(connection, id).chain(task -> {
            if (task == null || !task.isRunning() || task.attempts != attempt) {
                return Uni.createFrom().item(false);
            }
            return outcome(connection, task, state, result, error).replaceWith(true);
        }));
    }

    /** Progress of a running attempt; never goes backwards, so a late or repeated report changes nothing. */
    public Uni<Void> progress(UUID id, int attempt, double progress) {
        return db.inTransaction(connection -> repository.findById(connection, id).chain(task -> {
            if (task == null || !task.isRunning() || task.attempts != attempt
                    || (task.progress != null && task.progress >= progress)) {
                return Uni.createFrom().voidItem();
            }
            task.progress = progress;
            return saved(connection, task);
        }));
    }

    /** Of the given tasks this instance runs, those it should still be running (the rest were stopped). */
    public Uni<List<UUID>> stillLeased(List<UUID> ids) {
        if (ids.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        return repository.leased(db.client(), ids, Task.RUNNING, owner);
    }

    /** Records an attempt's end on the row (saved) with its events: a failure to retry reports failed, then pending. */
    private Uni<Void> outcome(SqlClient connection, Task task, String state, Map<String, Object> result,
            String error) {
        Instant now = Instant.now();
        task.finishedAt = now;
        task.leaseOwner = null;
        task.leaseUntil = null;
        task.result = result;
        task.error = error;
        boolean retry = Task.FAILED.equals(state) && task.attempts < task.maxAttempts;
        if (Task.SUCCEEDED.equals(state)) {
            task.progress = 1.0;
        }
        task.state = state;
        Uni<Void> reported = changed(connection, task);
        if (retry) {
            task.nextRunAt = now.plus(config.retryDelay());
            return reported.call(() -> {
                task.state = Task.PENDING;
                return saved(connection, task);
            });
        }
        task.runs++;
        scheduleNext(task, now);
        return reported.call(() -> repository.update(connection, task));
    }

    private Uni<Void> cancelled(SqlClient connection, Task task, String why) {
        String type = task.type;
        Uni<Void> told = TaskTypes.isRemote(type) ? outbox.enqueue(connection, command(task, TaskCommand.CANCEL))
                : Uni.createFrom().voidItem();
        return told.call(() -> outcome(connection, task, Task.CANCELLED, null, "Cancelled: " + why + "."));
    }

    private void apply(Task task, TaskRequest request) {
        Map<String, Object> params = request.params() == null ? new LinkedHashMap<>() : request.params();
        TaskTypes.validate(request.type(), params);
        if (request.schedule() != null) {
            TaskSchedule.validate(request.schedule());
        }
        task.name = request.name();
        task.type = request.type();
        task.params = params;
        task.tools = new ArrayList<>(TaskTypes.toolsOf(request.type(), params));
        task.schedule = request.schedule();
        task.runAt = request.runAt();
        task.timeoutMs = request.timeoutMs() == null ? config.defaultTimeoutMs() : request.timeoutMs();
        task.maxAttempts = request.maxAttempts() == null ? config.defaultMaxAttempts() : request.maxAttempts();
        task.enabled = request.enabled() == null || request.enabled();
        task.progress = null;
        Instant now = Instant.now();
        task.updatedAt = now;
        if (task.runAt != null && task.runAt.isAfter(now)) {
            dueAt(task, task.runAt, Task.SCHEDULED);
        } else {
            Instant next = task.schedule == null ? null : TaskSchedule.next(task.schedule, now);
            dueAt(task, next, next == null ? Task.PENDING : Task.SCHEDULED);
        }
    }

    /** After a run: the next cron time, if the task has a schedule; a one-off waits for a start. Attempts stay
     * as they were, so the status shows how many the run took. */
    private void scheduleNext(Task task, Instant after) {
        Instant next = task.schedule == null ? null : TaskSchedule.next(task.schedule, after);
        task.nextRunAt = next;
    }

    private static void dueAt(Task task, Instant when, String state) {
        task.nextRunAt = when;
        task.state = state;
        task.attempts = 0;
    }

    /** The row as it is now, and its TaskChanged. */
    private Uni<Void> saved(SqlClient connection, Task task) {
        return changed(connection, task).call(() -> repository.update(connection, task));
    }

    /**
     * The TaskChanged of the task as it is now (built at once: the task may change again before it is written). A
     * tool.call's result stays out of it: the event becomes a log entry every viewer reads, and the result is only
     * for those who may use the tool (the API shows it to them).
     */
    private Uni<Void> changed(SqlClient connection, Task task) {
        task.updatedAt = Instant.now();
        boolean withResult = task.result != null && !isToolCall(task);
        return outbox.enqueue(connection, new TaskChanged(task.id.toString(), task.name, task.type, task.state,
                task.progress, task.attempts, withResult ? mapper.valueToTree(task.result) : null, task.error,
                task.updatedAt));
    }

    private TaskCommand command(Task task, String action) {
        return new TaskCommand(task.id.toString(), task.type, action, mapper.valueToTree(task.params), task.attempts,
                task.timeoutMs, Instant.now());
    }

    private Uni<Task> found(SqlClient client, UUID id) {
        return repository.findById(client, id).onItem().ifNull()
                .failWith(() -> ProblemException.notFound("No task " + id + "."));
    }

    /** A copy with what an executor needs, so nothing it does touches the claimed row's object. */
    private static Task snapshot(Task t) {
        Task copy = new Task();
        copy.id = t.id;
        copy.name = t.name;
        copy.type = t.type;
        copy.params = t.params;
        copy.timeoutMs = t.timeoutMs;
        copy.attempts = t.attempts;
        copy.runAsUserId = t.runAsUserId;
        copy.runAsApiKeyId = t.runAsApiKeyId;
        return copy;
    }
}
