package one.mcps.observability.monitoring;

import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Call rates, error rates and latency percentiles from the MCP call entries of the log ({@code mcps.mcp.calls}),
 * per tool and overall, for several trailing windows in one query.
 */
@ApplicationScoped
public class CallStatsRepository {

    private static final String STATS = "select w.minutes, tool, grouping(tool) as overall, count(*) as calls, "
            + "count(*) filter (where attributes->>'outcome' <> 'ok') as errors, "
            + "percentile_cont(0.5) within group (order by (attributes->>'duration_ms')::float8) as p50, "
            + "percentile_cont(0.95) within group (order by (attributes->>'duration_ms')::float8) as p95, "
            + "percentile_cont(0.99) within group (order by (attributes->>'duration_ms')::float8) as p99 "
            + "from log_entries cross join unnest($1::int[]) as w(minutes) "
            + "where category = 'mcp' and time >= now() - make_interval(mins => w.minutes) "
            + "group by grouping sets ((w.minutes, tool), (w.minutes)) "
            // Calls refused before a tool was known have no tool: they count overall, never as a tool of their own.
            + "having grouping(tool) = 1 or tool is not null order by w.minutes, calls desc";
    private static final String SESSIONS = "select count(distinct session_id) from log_entries "
            + "where category = 'mcp' and time >= now() - make_interval(mins => $1)";

    private final Pool pool;

    public CallStatsRepository(Pool pool) {
        this.pool = pool;
    }

    /** Per window: the overall row first ({@code tool} null), then each tool by calls. */
    public Uni<List<CallStats>> stats(List<Integer> windowsMinutes) {
        return pool.preparedQuery(STATS).execute(Tuple.of(windowsMinutes.toArray(Integer[]::new))).map(rows -> {
            List<CallStats> overall = new ArrayList<>();
            List<CallStats> perTool = new ArrayList<>();
            for (Row row : rows) {
                CallStats stats = stats(row, row.getInteger("minutes"));
                (row.getInteger("overall") == 1 ? overall : perTool).add(stats);
            }
            overall.addAll(perTool);
            return overall;
        });
    }

    /** Each tool's calls within the last {@code seconds} (for alert rules with their own window). */
    public Uni<List<CallStats>> perTool(int seconds) {
        String sql = "select tool, count(*) as calls, "
                + "count(*) filter (where attributes->>'outcome' <> 'ok') as errors, "
                + "percentile_cont(0.5) within group (order by (attributes->>'duration_ms')::float8) as p50, "
                + "percentile_cont(0.95) within group (order by (attributes->>'duration_ms')::float8) as p95, "
                + "percentile_cont(0.99) within group (order by (attributes->>'duration_ms')::float8) as p99 "
                + "from log_entries where category = 'mcp' and tool is not null "
                + "and time >= now() - make_interval(secs => $1) group by tool";
        return pool.preparedQuery(sql).execute(Tuple.of(seconds)).map(rows -> {
            List<CallStats> list = new ArrayList<>();
            rows.forEach(row -> list.add(stats(row, Math.max(1, seconds / 60))));
            return list;
        });
    }

    public Uni<Long> activeSessions(int minutes) {
        return pool.preparedQuery(SESSIONS).execute(Tuple.of(minutes)).map(rows -> rows.iterator().next().getLong(0));
    }

    private static CallStats stats(Row row, int minutes) {
        long calls = row.getLong("calls");
        long errors = row.getLong("errors");
        return new CallStats(row.getString("tool"), minutes, calls, errors, round(calls / (minutes * 60.0)),
                calls == 0 ? 0 : round(100.0 * errors / calls), row.getDouble("p50"), row.getDouble("p95"),
                row.getDouble("p99"));
    }

    private static double round(double value) {
        return Math.round(value * 1000) / 1000.0;
    }
}
