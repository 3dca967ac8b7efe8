package one.mcps.observability.logs;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;

/** Aggregates over the log table for {@code /api/v1/logs/stats}. */
@ApplicationScoped
public class LogStatsRepository {

    private final Pool pool;
    private final int topSources;

    public LogStatsRepository(Pool pool, @ConfigProperty(name = "mcps.logs.stats.top-sources") int topSources) {
        this.pool = pool;
        this.topSources = topSources;
    }

    /** {@code bucket} is a PostgreSQL {@code date_trunc} unit the caller has already checked. */
    public Uni<LogStats> stats(LogFilter filter, String bucket) {
        SqlWhere where = SqlWhere.of(filter);
        String from = " from log_entries" + where.sql();
        String limit = where.bind(topSources);
        String sql = "select 'level' as dim, level as key, count(*) as n" + from + " group by level"
                + " union all select 'category', category, count(*)" + from + " group by category"
                + " union all (select 'source', source, count(*)" + from + " group by source order by 3 desc limit "
                + limit + ")";
        Uni<Map<String, Map<String, Long>>> dims = pool.preparedQuery(sql).execute(where.params()).map(rows -> {
            Map<String, Map<String, Long>> result = new LinkedHashMap<>();
            List.of("level", "category", "source").forEach(d -> result.put(d, new LinkedHashMap<>()));
            for (Row row : rows) {
                result.get(row.getString("dim")).put(row.getString("key"), row.getLong("n"));
            }
            return result;
        });
        SqlWhere bucketWhere = SqlWhere.of(filter);
        String unit = bucketWhere.bind(bucket);
        Uni<List<LogStats.Bucket>> buckets = pool.preparedQuery("select date_trunc(" + unit + ", time) as start, "
                + "count(*) as n from log_entries" + bucketWhere.sql() + " group by 1 order by 1")
                .execute(bucketWhere.params()).map(rows -> {
                    List<LogStats.Bucket> list = new ArrayList<>();
                    rows.forEach(r -> list.add(new LogStats.Bucket(r.getOffsetDateTime("start").toInstant(),
                            r.getLong("n"))));
                    return list;
                });
        return Uni.combine().all().unis(dims, buckets).with((d, b) -> {
            long total = d.get("level").values().stream().mapToLong(Long::longValue).sum();
            return new LogStats(total, d.get("level"), d.get("category"), d.get("source"), filter.from(),
                    filter.to(), bucket, b);
        });
    }
}
