package one.mcps.observability.logs;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The log table through the reactive PG client: batch inserts that drop redelivered events, filtered pages, full
 * text search, statistics and keyset-paged streams. SQL is written out here because text search, {@code on
 * conflict} and keyset paging are PostgreSQL features an entity mapping would only hide.
 */
@ApplicationScoped
public class LogRepository {

    static final String COLUMNS = "id, event_id, time, level, category, source, message, user_name, session_id, "
            + "tool, request_id, attributes";
    /**
     * A whole batch as one statement over column arrays: PostgreSQL plans and runs it once, where a pipelined
     * statement per row paid executor start-up for each (about a third of the database's cost per MCP call event).
     */
    private static final String INSERT = "insert into log_entries (event_id, time, level, category, source, message, "
            + "user_name, session_id, tool, request_id, attributes) select e, t, l, c, s, m, u, se, tl, r, a::jsonb "
            + "from unnest($1::text[], $2::timestamptz[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], "
            + "$8::text[], $9::text[], $10::text[], $11::text[]) as x(e, t, l, c, s, m, u, se, tl, r, a) "
            + "on conflict (event_id) do nothing";

    private final Pool pool;

    public LogRepository(Pool pool) {
        this.pool = pool;
    }

    /** Stores the entries; one whose event id is already stored is dropped. */
    public Uni<Void> insertAll(List<LogEntry> entries) {
        return insertAll(pool, entries);
    }

    /** The same, through {@code client} (a connection, for a transaction of the caller's). */
    public Uni<Void> insertAll(SqlClient client, List<LogEntry> entries) {
        if (entries.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        int n = entries.size();
        String[] eventIds = new String[n];
        OffsetDateTime[] times = new OffsetDateTime[n];
        String[] levels = new String[n];
        String[] categories = new String[n];
        String[] sources = new String[n];
        String[] messages = new String[n];
        String[] users = new String[n];
        String[] sessions = new String[n];
        String[] tools = new String[n];
        String[] requestIds = new String[n];
        String[] attributes = new String[n];
        for (int i = 0; i < n; i++) {
            LogEntry e = entries.get(i);
            eventIds[i] = e.eventId();
            times[i] = e.time().atOffset(ZoneOffset.UTC);
            levels[i] = e.level();
            categories[i] = e.category();
            sources[i] = e.source();
            messages[i] = e.message();
            users[i] = e.user();
            sessions[i] = e.session();
            tools[i] = e.tool();
            requestIds[i] = e.requestId();
            attributes[i] = new JsonObject(e.attributes() == null ? Map.of() : e.attributes()).encode();
        }
        return client.preparedQuery(INSERT).execute(Tuple.from(new Object[] { eventIds, times, levels, categories,
                sources, messages, users, sessions, tools, requestIds, attributes })).replaceWithVoid();
    }

    public Uni<LogPage> page(LogFilter filter, int page, int size) {
        SqlWhere where = SqlWhere.of(filter);
        String limit = where.bind(size);
        String offset = where.bind((long) (page - 1) * size);
        Uni<List<LogEntry>> items = pool.preparedQuery("select " + COLUMNS + " from log_entries" + where.sql()
                + " order by time desc, id desc limit " + limit + " offset " + offset).execute(where.params())
                .map(LogRepository::entries);
        SqlWhere countWhere = SqlWhere.of(filter);
        Uni<Long> total = pool.preparedQuery("select count(*) from log_entries" + countWhere.sql())
                .execute(countWhere.params()).map(rows -> rows.iterator().next().getLong(0));
        return Uni.combine().all().unis(items, total).with((list, count) -> new LogPage(list, count, page, size));
    }

    /**
     * Up to {@code limit} entries matching the filter from {@code since} on (inclusive), oldest first: what a live
     * client that reconnects missed.
     */
    public Uni<List<LogEntry>> since(LogFilter filter, Instant since, int limit) {
        SqlWhere where = SqlWhere.of(filter);
        where.op("time >=", since);
        String max = where.bind(limit);
        return pool.preparedQuery("select " + COLUMNS + " from log_entries" + where.sql()
                + " order by time, id limit " + max).execute(where.params()).map(LogRepository::entries);
    }

    public Uni<LogEntry> findById(long id) {
        return pool.preparedQuery("select " + COLUMNS + " from log_entries where id = $1").execute(Tuple.of(id))
                .map(rows -> rows.size() == 0 ? null : entry(rows.iterator().next()));
    }

    /**
     * Where ts_headline marks a match: control characters, which stored text never holds (LogText.neutralise), so
     * after HTML-escaping the snippet they can only be the marks themselves.
     */
    private static final char MATCH_START = '\u0002';
    private static final char MATCH_STOP = '\u0003';

    /**
     * Ranked full-text search ({@code websearch_to_tsquery}: words, "phrases", -exclusions, or) with snippets of the
     * message: HTML-escaped, the matched words wrapped in {@code <mark>…</mark>}. Stored text is data, never markup:
     * a message holding {@code <img onerror=…>} comes back as {@code &lt;img onerror=…&gt;}.
     */
    public Uni<SearchPage> search(String q, LogFilter filter, int page, int size) {
        SqlWhere where = SqlWhere.of(filter);
        String query = where.bind(q);
        where.condition("search @@ websearch_to_tsquery('english', " + query + ")");
        String options = where.bind("StartSel=" + MATCH_START + ", StopSel=" + MATCH_STOP + ", MaxFragments=2");
        String limit = where.bind(size);
        String offset = where.bind((long) (page - 1) * size);
        String sql = "select " + COLUMNS + ", ts_rank(search, websearch_to_tsquery('english', " + query + ")) as rank, "
                + "ts_headline('english', message, websearch_to_tsquery('english', " + query + "), " + options
                + ") as snippet, count(*) over () as total from log_entries" + where.sql()
                + " order by rank desc, time desc, id desc limit " + limit + " offset " + offset;
        return pool.preparedQuery(sql).execute(where.params()).map(rows -> {
            List<SearchHit> hits = new ArrayList<>();
            long total = 0;
            for (Row row : rows) {
                hits.add(new SearchHit(entry(row), row.getDouble("rank"), snippet(row.getString("snippet"))));
                total = row.getLong("total");
            }
            return new SearchPage(q, hits, total, page, size);
        });
    }

    /** Escape first, then turn the marks into tags: only {@code <mark>} and {@code </mark>} are ever markup. */
    static String snippet(String headline) {
        return headline == null ? null
                : LogText.neutralise(LogText.html(headline).replace(String.valueOf(MATCH_START), "<mark>")
                        .replace(String.valueOf(MATCH_STOP), "</mark>"));
    }

    /**
     * Every entry matching the filter, newest first, in pages read (keyset on time and id) only as fast as the
     * subscriber asks: memory holds a page or two whatever the number of rows.
     */
    public Multi<List<LogEntry>> streamPages(LogFilter filter, int pageSize) {
        Cursor cursor = new Cursor();
        return Multi.createBy().repeating()
                .uni(() -> nextPage(filter, pageSize, cursor))
                .whilst(rows -> rows.size() == pageSize)
                .filter(rows -> !rows.isEmpty());
    }

    private Uni<List<LogEntry>> nextPage(LogFilter filter, int pageSize, Cursor cursor) {
        SqlWhere where = SqlWhere.of(filter);
        if (cursor.time != null) {
            where.condition("(time, id) < (" + where.bind(cursor.time) + ", " + where.bind(cursor.id) + ")");
        }
        String limit = where.bind(pageSize);
        return pool.preparedQuery("select " + COLUMNS + " from log_entries" + where.sql()
                + " order by time desc, id desc limit " + limit).execute(where.params())
                .map(rows -> {
                    List<LogEntry> list = entries(rows);
                    if (!list.isEmpty()) {
                        LogEntry last = list.get(list.size() - 1);
                        cursor.time = last.time().atOffset(ZoneOffset.UTC);
                        cursor.id = last.id();
                    }
                    return list;
                });
    }

    /** Where the last page ended; keyset paging never re-reads or skips a row, unlike offsets under inserts. */
    private static final class Cursor {
        private OffsetDateTime time;
        private Long id;
    }

    static List<LogEntry> entries(RowSet<Row> rows) {
        List<LogEntry> list = new ArrayList<>(rows.size());
        rows.forEach(row -> list.add(entry(row)));
        return list;
    }

    static LogEntry entry(Row row) {
        JsonObject attributes = row.getJsonObject("attributes");
        return new LogEntry(row.getLong("id"), row.getString("event_id"),
                row.getOffsetDateTime("time").toInstant(), row.getString("level"), row.getString("category"),
                row.getString("source"), row.getString("message"), row.getString("user_name"),
                row.getString("session_id"), row.getString("tool"), row.getString("request_id"),
                attributes == null ? Map.of() : attributes.getMap());
    }
}
