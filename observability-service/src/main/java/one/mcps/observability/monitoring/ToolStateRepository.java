package one.mcps.observability.monitoring;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import one.mcps.platform.events.ToolStatusChanged;

/** The latest state of every tool, kept from {@code mcps.tool.status}; an older event never overwrites a newer. */
@ApplicationScoped
public class ToolStateRepository {

    private static final String UPSERT = "insert into tool_states (tool, state, previous_state, restarts, reason, "
            + "updated_at) values ($1, $2, $3, $4, $5, $6) on conflict (tool) do update set state = excluded.state, "
            + "previous_state = excluded.previous_state, restarts = excluded.restarts, reason = excluded.reason, "
            + "updated_at = excluded.updated_at where excluded.updated_at >= tool_states.updated_at";

    private final Pool pool;

    public ToolStateRepository(Pool pool) {
        this.pool = pool;
    }

    /** Applies the changes in their order through {@code connection} (in the caller's transaction). */
    public Uni<Void> applyAll(SqlConnection connection, List<ToolStatusChanged> changes) {
        if (changes.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<Tuple> rows = new ArrayList<>(changes.size());
        for (ToolStatusChanged c : changes) {
            Instant at = c.at() == null ? Instant.now() : c.at();
            rows.add(Tuple.tuple().addValue(c.tool()).addValue(c.state()).addValue(c.previousState())
                    .addValue(c.restarts() == null ? 0 : c.restarts()).addValue(c.reason())
                    .addValue(at.atOffset(ZoneOffset.UTC)));
        }
        // Sequential: two changes of one tool in a batch must apply in their order.
        return connection.preparedQuery(UPSERT).executeBatch(rows).replaceWithVoid();
    }

    public Uni<List<ToolState>> all() {
        return pool.query("select tool, state, previous_state, restarts, reason, updated_at from tool_states "
                + "order by tool").execute().map(rows -> {
                    List<ToolState> list = new ArrayList<>();
                    rows.forEach(r -> list.add(new ToolState(r.getString("tool"), r.getString("state"),
                            r.getString("previous_state"), r.getInteger("restarts"), r.getString("reason"),
                            r.getOffsetDateTime("updated_at").toInstant())));
                    return list;
                });
    }
}
