package one.mcps.tools.tasks;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import one.mcps.tools.db.Page;
import one.mcps.tools.db.Rows;
import one.mcps.tools.db.StaleWrite;
import one.mcps.tools.db.VersionedTable;
import one.mcps.tools.db.Where;

/**
 * The {@code tasks} table. Each method runs on the client it is given: the pool for a read, the connection of
 * the caller's transaction for anything that must commit with other writes (the outbox).
 */
@ApplicationScoped
public class TaskRepository {

    private static final String SELECT = "select id, name, type, params::text as params, tools, schedule, run_at, "
            + "timeout_ms, max_attempts, enabled, state, progress, attempts, runs, started_at, finished_at, "
            + "result::text as result, error, next_run_at, lease_owner, lease_until, run_as_user_id, "
            + "run_as_api_key_id, created_by, created_at, updated_at, version";
    // SKIP LOCKED lets two instances poll at once: each claims rows the other has not locked, none twice.
    private static final String DUE = SELECT + " from tasks where enabled and next_run_at <= now() "
            + "and state <> 'running' order by next_run_at limit $1 for update skip locked";
    private static final String EXPIRED = SELECT + " from tasks where state = 'running' and lease_until < now() "
            + "order by lease_until limit $1 for update skip locked";
    /** Everything but the id and who created it when: a task's row changes as a whole, under its version. */
    private static final List<String> WRITTEN = List.of("name", "type", "params", "tools", "schedule", "run_at",
            "timeout_ms", "max_attempts", "enabled", "state", "progress", "attempts", "runs", "started_at",
            "finished_at", "result", "error", "next_run_at", "lease_owner", "lease_until", "run_as_user_id",
            "run_as_api_key_id", "updated_at");
    private static final VersionedTable TABLE = new VersionedTable("tasks", WRITTEN,
            List.of("created_by", "created_at", "version"), List.of("params", "result"));

    public Uni<Task> findById(SqlClient db, UUID id) {
        return db.preparedQuery(SELECT + " from tasks where id = $1").execute(Tuple.of(id))
                .map(rows -> Rows.first(rows, TaskRepository::task));
    }

    public Uni<Page<Task>> search(SqlClient db, TaskFilter filter, int page, int size) {
        return new Where()
                .andIf(filter.type(), "type = ?")
                .andIf(filter.state(), "state = ?")
                .andIf(filter.tool(), "? = any(tools)")
                .page(db, SELECT, "tasks", "created_at, id", page, size, TaskRepository::task);
    }

    /** Locks up to {@code limit} due tasks for the caller's transaction. */
    public Uni<List<Task>> lockDue(SqlClient connection, int limit) {
        return lock(connection, DUE, limit);
    }

    /** Locks up to {@code limit} running tasks whose executor's lease ran out. */
    public Uni<List<Task>> lockExpired(SqlClient connection, int limit) {
        return lock(connection, EXPIRED, limit);
    }

    /** Of {@code ids}, those in {@code state} under {@code leaseOwner}. */
    public Uni<List<UUID>> leased(SqlClient db, List<UUID> ids, String state, String leaseOwner) {
        return db.preparedQuery("select id from tasks where id = any($1) and state = $2 and lease_owner = $3")
                .execute(Tuple.of(ids.toArray(UUID[]::new), state, leaseOwner))
                .map(rows -> Rows.list(rows, row -> row.getUUID("id")));
    }

    public Uni<Void> insert(SqlClient connection, Task task) {
        List<Object> values = new ArrayList<>();
        values.add(task.id);
        values.addAll(written(task));
        values.add(task.createdBy);
        values.add(Rows.timestamp(task.createdAt));
        values.add(task.version);
        return connection.preparedQuery(TABLE.insert()).execute(Tuple.from(values)).replaceWithVoid();
    }

    /** Writes the row if it is still at {@code task.version} (else 409), and counts the version up. */
    public Uni<Void> update(SqlClient connection, Task task) {
        List<Object> values = new ArrayList<>(written(task));
        values.add(task.id);
        values.add(task.version);
        return connection.preparedQuery(TABLE.update()).execute(Tuple.from(values)).invoke(rows -> {
            StaleWrite.check(rows, "task " + task.id);
            task.version++;
        }).replaceWithVoid();
    }

    /** Removes the row if it is still at {@code task.version} (else 409). */
    public Uni<Void> delete(SqlClient connection, Task task) {
        return connection.preparedQuery("delete from tasks where id = $1 and version = $2")
                .execute(Tuple.of(task.id, task.version))
                .invoke(rows -> StaleWrite.check(rows, "task " + task.id)).replaceWithVoid();
    }

    private Uni<List<Task>> lock(SqlClient connection, String sql, int limit) {
        return connection.preparedQuery(sql).execute(Tuple.of((long) limit))
                .map(rows -> Rows.list(rows, TaskRepository::task));
    }

    private static List<Object> written(Task t) {
        return Arrays.asList(t.name, t.type, Rows.json(t.params), Rows.array(t.tools), t.schedule,
                Rows.timestamp(t.runAt), t.timeoutMs, t.maxAttempts, t.enabled, t.state, t.progress, t.attempts,
                t.runs, Rows.timestamp(t.startedAt), Rows.timestamp(t.finishedAt), Rows.json(t.result), t.error,
                Rows.timestamp(t.nextRunAt), t.leaseOwner, Rows.timestamp(t.leaseUntil), t.runAsUserId, t.runAsApiKeyId,
                Rows.timestamp(t.updatedAt));
    }

    private static Task task(Row r) {
        Task t = new Task();
        t.id = r.getUUID("id");
        t.name = r.getString("name");
        t.type = r.getString("type");
        t.params = Rows.objectMap(r, "params");
        t.tools = Rows.strings(r, "tools");
        t.schedule = r.getString("schedule");
        t.runAt = Rows.instant(r, "run_at");
        t.timeoutMs = r.getLong("timeout_ms");
        t.maxAttempts = r.getInteger("max_attempts");
        t.enabled = r.getBoolean("enabled");
        t.state = r.getString("state");
        t.progress = r.getDouble("progress");
        t.attempts = r.getInteger("attempts");
        t.runs = r.getInteger("runs");
        t.startedAt = Rows.instant(r, "started_at");
        t.finishedAt = Rows.instant(r, "finished_at");
        t.result = Rows.objectMap(r, "result");
        t.error = r.getString("error");
        t.nextRunAt = Rows.instant(r, "next_run_at");
        t.leaseOwner = r.getString("lease_owner");
        t.leaseUntil = Rows.instant(r, "lease_until");
        t.runAsUserId = r.getString("run_as_user_id");
        t.runAsApiKeyId = r.getString("run_as_api_key_id");
        t.createdBy = r.getString("created_by");
        t.createdAt = Rows.instant(r, "created_at");
        t.updatedAt = Rows.instant(r, "updated_at");
        t.version = r.getLong("version");
        return t;
    }

    public record TaskFilter(String type, String state, String tool) {
    }
}
