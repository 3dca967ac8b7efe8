package one.mcps.tools.registry;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vertx.pgclient.PgException;
import one.mcps.platform.errors.ProblemException;
import one.mcps.tools.db.Page;
import one.mcps.tools.db.Rows;
import one.mcps.tools.db.StaleWrite;
import one.mcps.tools.db.VersionedTable;
import one.mcps.tools.db.Where;

/**
 * The {@code tools} table. Each method runs on the client it is given: the pool for a read, the connection of
 * the caller's transaction for anything that must commit with other writes (the outbox).
 */
@ApplicationScoped
public class ToolRepository {

    private static final String SELECT = "select id, name, display_name, description, tags, transport, command, "
            + "args, env::text as env, cwd, url, headers::text as headers, auto_start, restart_policy, max_restarts, "
            + "restart_delay_ms, startup_timeout_ms, call_timeout_ms, max_concurrency, sharing, max_instances, "
            + "idle_timeout_ms, allowed_roles, enabled, template, state, desired_running, created_by, created_at, "
            + "updated_at, version";
    private static final String SELECT_FROM = SELECT + " from tools ";
    private static final String UNIQUE_VIOLATION = "23505";
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * What a definition change writes (insert and update); {@code state} is the supervisor's, written on its own,
     * {@code created_at} never changes, {@code version} is counted by the update itself.
     */
    private static final List<String> WRITTEN = List.of("name", "display_name", "description", "tags", "transport",
            "command", "args", "env", "cwd", "url", "headers", "auto_start", "restart_policy", "max_restarts",
            "restart_delay_ms", "startup_timeout_ms", "call_timeout_ms", "max_concurrency", "sharing",
            "max_instances", "idle_timeout_ms", "allowed_roles", "enabled", "template", "desired_running",
            "created_by", "updated_at");
    private static final VersionedTable TABLE = new VersionedTable("tools", WRITTEN,
            List.of("state", "created_at", "version"), List.of("env", "headers"));

    /** Finds by id when {@code idOrName} is a UUID, else by the unique name. */
    public Uni<Tool> findByIdOrName(SqlClient db, String idOrName) {
        return findOne(db, idOrName, "");
    }

    /** As {@link #findByIdOrName}, locking the row until the caller's transaction ends (for a change). */
    public Uni<Tool> lockByIdOrName(SqlClient db, String idOrName) {
        return findOne(db, idOrName, " for update");
    }

    /** The row by id, locked until the caller's transaction ends (for a change). */
    public Uni<Tool> lockById(SqlClient db, UUID id) {
        return db.preparedQuery(SELECT_FROM + "where id = $1 for update").execute(Tuple.of(id))
                .map(rows -> Rows.first(rows, ToolRepository::tool));
    }

    public Uni<Boolean> exists(SqlClient db, UUID id) {
        return db.preparedQuery("select 1 from tools where id = $1").execute(Tuple.of(id)).map(rows -> rows.size() > 0);
    }

    /** Which of {@code ids} are still registered. */
    public Uni<java.util.Set<UUID>> existing(SqlClient db, List<UUID> ids) {
        return db.preparedQuery("select id from tools where id = any($1)").execute(Tuple.of(ids.toArray(UUID[]::new)))
                .map(rows -> {
                    java.util.Set<UUID> found = new java.util.HashSet<>();
                    rows.forEach(r -> found.add(r.getUUID("id")));
                    return found;
                });
    }

    public Uni<Tool> findByName(SqlClient db, String name) {
        return db.preparedQuery(SELECT_FROM + "where name = $1").execute(Tuple.of(name))
                .map(rows -> Rows.first(rows, ToolRepository::tool));
    }

    public Uni<List<Tool>> findByIds(SqlClient db, List<UUID> ids) {
        return list(db, "where id = any($1) order by name", Tuple.of(ids.toArray(UUID[]::new)));
    }

    public Uni<List<Tool>> findByNames(SqlClient db, List<String> names) {
        return list(db, "where name = any($1) order by name", Tuple.of(names.toArray(String[]::new)));
    }

    public Uni<List<Tool>> listAll(SqlClient db) {
        return list(db, "order by name", Tuple.tuple());
    }

    public Uni<List<Tool>> findShouldRun(SqlClient db) {
        return list(db, "where enabled and (auto_start or desired_running) order by name", Tuple.tuple());
    }

    public Uni<Page<Tool>> search(SqlClient db, ToolFilter filter, int page, int size) {
        String like = filter.search() == null ? null : "%" + filter.search().toLowerCase(Locale.ROOT) + "%";
        return new Where()
                .andIf(filter.state(), "state = ?")
                .andIf(filter.transport(), "transport = ?")
                .andIf(filter.tag(), "? = any(tags)")
                .andIf(like, "(lower(name) like ? or lower(coalesce(display_name, '')) like ? "
                        + "or lower(coalesce(description, '')) like ?)")
                .page(db, SELECT, "tools", "name", page, size, ToolRepository::tool);
    }

    /** A new row; a name taken meanwhile by another transaction is the same 409 as one found taken before. */
    public Uni<Void> insert(SqlClient db, Tool tool) {
        List<Object> values = new ArrayList<>();
        values.add(tool.id);
        values.addAll(written(tool));
        values.add(tool.state);
        values.add(Rows.timestamp(tool.createdAt));
        values.add(tool.version);
        return db.preparedQuery(TABLE.insert()).execute(Tuple.from(values)).replaceWithVoid()
                .onFailure(ToolRepository::nameTaken)
                .transform(e -> ProblemException.conflict("A tool named " + tool.name + " exists already."));
    }

    /** Writes the definition if the row is still at {@code tool.version} (else 409), and counts the version up. */
    public Uni<Void> update(SqlClient db, Tool tool) {
        List<Object> values = new ArrayList<>(written(tool));
        values.add(tool.id);
        values.add(tool.version);
        return db.preparedQuery(TABLE.update()).execute(Tuple.from(values)).invoke(rows -> {
            StaleWrite.check(rows, "tool " + tool.name);
            tool.version++;
        }).replaceWithVoid().onFailure(ToolRepository::nameTaken)
                .transform(e -> ProblemException.conflict("A tool named " + tool.name + " exists already."));
    }

    /** Removes the row if it is still at {@code tool.version} (else 409). */
    public Uni<Void> delete(SqlClient db, Tool tool) {
        return db.preparedQuery("delete from tools where id = $1 and version = $2")
                .execute(Tuple.of(tool.id, tool.version))
                .invoke(rows -> StaleWrite.check(rows, "tool " + tool.name)).replaceWithVoid();
    }

    /** Whether an operator wants the tool running: runtime state, so the definition's version stays. */
    public Uni<Void> setDesiredRunning(SqlClient db, UUID id, boolean desired) {
        return db.preparedQuery("update tools set desired_running = $1 where id = $2")
                .execute(Tuple.of(desired, id)).replaceWithVoid();
    }

    /**
     * The supervisor's view of the tool, with what its server said at initialize (null until it did): runtime
     * state, so the definition's version stays.
     */
    public Uni<Void> setState(SqlClient db, UUID id, String state, JsonNode serverInfo, JsonNode capabilities) {
        return db.preparedQuery("update tools set state = $1, server_info = $2::text::jsonb, capabilities = $3::text::jsonb "
                + "where id = $4").execute(Tuple.of(state, jsonText(serverInfo), jsonText(capabilities), id))
                .replaceWithVoid();
    }

    /**
     * Running (or unhealthy) tools whose owner holds its lease, with that owner and where its bridge is: what any
     * instance tells mcp-proxy.
     */
    public Uni<List<Owned>> findRunningOwned(SqlClient db) {
        return db.preparedQuery(SELECT + ", server_info::text as server_info_json, "
                + "capabilities::text as capabilities_json, l.owner, l.generation, i.bridge_base_url "
                + "from tools join tool_leases l on l.tool_id = tools.id "
                + "join tool_instances i on i.instance_id = l.owner "
                + "where tools.state in ('running', 'unhealthy') and l.expires_at > now() order by name")
                .execute().map(rows -> Rows.list(rows, r -> new Owned(tool(r), r.getString("owner"),
                        r.getLong("generation"), r.getString("bridge_base_url"), json(r, "server_info_json"),
                        json(r, "capabilities_json"))));
    }

    /** A running tool and the instance that runs it. */
    public record Owned(Tool tool, String owner, long generation, String ownerBridgeBase, JsonNode serverInfo,
            JsonNode capabilities) {
    }

    private static String jsonText(JsonNode node) {
        return node == null || node.isNull() || node.isMissingNode() ? null : node.toString();
    }

    private static JsonNode json(Row r, String column) {
        String text = r.getString(column);
        try {
            return text == null ? null : JSON.readTree(text);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("Column " + column + " holds no JSON", e);
        }
    }

    private Uni<Tool> findOne(SqlClient db, String idOrName, String lock) {
        UUID id = parseUuid(idOrName);
        Tuple key = id != null ? Tuple.of(id) : Tuple.of(idOrName);
        return db.preparedQuery(SELECT_FROM + (id != null ? "where id = $1" : "where name = $1") + lock)
                .execute(key).map(rows -> Rows.first(rows, ToolRepository::tool));
    }

    private Uni<List<Tool>> list(SqlClient db, String rest, Tuple params) {
        return db.preparedQuery(SELECT_FROM + rest).execute(params).map(rows -> Rows.list(rows, ToolRepository::tool));
    }

    private static boolean nameTaken(Throwable failure) {
        return failure instanceof PgException pg && UNIQUE_VIOLATION.equals(pg.getSqlState());
    }

    private static List<Object> written(Tool t) {
        return Arrays.asList(t.name, t.displayName, t.description, Rows.array(t.tags), t.transport,
                t.command, Rows.array(t.args), Rows.json(t.env), t.cwd, t.url, Rows.json(t.headers), t.autoStart,
                t.restartPolicy, t.maxRestarts, t.restartDelayMs, t.startupTimeoutMs, t.callTimeoutMs,
                t.maxConcurrency, t.sharing, t.maxInstances, t.idleTimeoutMs, Rows.array(t.allowedRoles), t.enabled,
                t.template, t.desiredRunning, t.createdBy, Rows.timestamp(t.updatedAt));
    }

    private static Tool tool(Row r) {
        Tool t = new Tool();
        t.id = r.getUUID("id");
        t.name = r.getString("name");
        t.displayName = r.getString("display_name");
        t.description = r.getString("description");
        t.tags = Rows.strings(r, "tags");
        t.transport = r.getString("transport");
        t.command = r.getString("command");
        t.args = Rows.strings(r, "args");
        t.env = Rows.stringMap(r, "env");
        t.cwd = r.getString("cwd");
        t.url = r.getString("url");
        t.headers = Rows.stringMap(r, "headers");
        t.autoStart = r.getBoolean("auto_start");
        t.restartPolicy = r.getString("restart_policy");
        t.maxRestarts = r.getInteger("max_restarts");
        t.restartDelayMs = r.getLong("restart_delay_ms");
        t.startupTimeoutMs = r.getLong("startup_timeout_ms");
        t.callTimeoutMs = r.getLong("call_timeout_ms");
        t.maxConcurrency = r.getInteger("max_concurrency");
        t.sharing = r.getString("sharing");
        t.maxInstances = r.getInteger("max_instances");
        t.idleTimeoutMs = r.getLong("idle_timeout_ms");
        t.allowedRoles = Rows.strings(r, "allowed_roles");
        t.enabled = r.getBoolean("enabled");
        t.template = r.getString("template");
        t.state = r.getString("state");
        t.desiredRunning = r.getBoolean("desired_running");
        t.createdBy = r.getString("created_by");
        t.createdAt = Rows.instant(r, "created_at");
        t.updatedAt = Rows.instant(r, "updated_at");
        t.version = r.getLong("version");
        return t;
    }

    private static UUID parseUuid(String value) {
        try {
            return value.length() == 36 ? UUID.fromString(value) : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    public record ToolFilter(String state, String transport, String tag, String search) {
    }
}
