package one.mcps.proxy.sessions;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import one.mcps.platform.security.Caller;

/**
 * The one owner of {@code mcp_sessions} and {@code mcp_session_upstreams}, on the reactive SQL client (no Hibernate in
 * this service). A session's row is inserted before its initialize answer leaves, so every instance can restore it;
 * last-seen times and ends reach it in one batched upsert per flush, off the request path. Rows are shared by all
 * instances: a write never turns an ended session active again, and last-seen only moves forward.
 */
@ApplicationScoped
public class SessionStore {

    /** What a session's client declared: written at initialize, read when another instance restores it. */
    private static final String OPEN = """
            insert into mcp_sessions (id, user_id, username, api_key_id, transport, scope_server, name, client_name,
                client_version, protocol_version, client_info, client_capabilities, created_at, last_seen_at, state)
            values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, 'active')
            on conflict (id) do update set name = coalesce(excluded.name, mcp_sessions.name),
                client_name = excluded.client_name, client_version = excluded.client_version,
                protocol_version = excluded.protocol_version, client_info = excluded.client_info,
                client_capabilities = excluded.client_capabilities,
                last_seen_at = greatest(mcp_sessions.last_seen_at, excluded.last_seen_at)""";
    private static final String FLUSH = """
            insert into mcp_sessions (id, user_id, username, api_key_id, transport, scope_server, name, created_at,
                last_seen_at, state, closed_at)
            values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
            on conflict (id) do update set
                last_seen_at = greatest(mcp_sessions.last_seen_at, excluded.last_seen_at),
                state = case when mcp_sessions.state = 'active' then excluded.state else mcp_sessions.state end,
                closed_at = case when mcp_sessions.state = 'active' then excluded.closed_at
                    else mcp_sessions.closed_at end""";
    private static final String END = """
            update mcp_sessions set state = $2, closed_at = $3, last_seen_at = greatest(last_seen_at, $3)
            where id = $1 and state = 'active'""";
    private static final String EXPIRE_STALE = """
            update mcp_sessions set state = 'expired', closed_at = now()
            where state = 'active' and last_seen_at < $1 returning id""";
    private static final String ENDED_SINCE = "select id from mcp_sessions where closed_at >= $1";
    private static final String FIND = "select " + SessionRow.COLUMNS + " from mcp_sessions where id = $1";
    private static final String RENAME = "update mcp_sessions set name = $2 where id = $1";
    private static final String LOG_LEVEL = "update mcp_sessions set log_level = $2 where id = $1";
    private static final String UPSTREAM_SAVE = """
            insert into mcp_session_upstreams (session_id, tool, url, upstream_session, protocol_version, opened_at)
            values ($1, $2, $3, $4, $5, now())
            on conflict (session_id, tool) do update set url = excluded.url,
                upstream_session = excluded.upstream_session, protocol_version = excluded.protocol_version,
                opened_at = excluded.opened_at""";
    private static final String UPSTREAM_FIND = """
            select url, upstream_session, protocol_version from mcp_session_upstreams where session_id = $1 and tool = $2""";
    private static final String UPSTREAMS_TAKE = """
            delete from mcp_session_upstreams where session_id = $1
            returning tool, url, upstream_session, protocol_version""";

    /** An upstream session opened for one client session (a per_session tool's): where, and its id there. */
    public record UpstreamSession(String tool, String url, String id, String protocolVersion) {
    }

    private final Pool pool;

    public SessionStore(Pool pool) {
        this.pool = pool;
    }

    /** Makes the session restorable by any instance: its row with everything its client declared at initialize. */
    public Uni<Void> open(McpSession session) {
        String clientName = session.clientInfo() == null ? null : session.clientInfo().getString("name");
        String clientVersion = session.clientInfo() == null ? null : session.clientInfo().getString("version");
        return pool.preparedQuery(OPEN).execute(Tuple.from(Arrays.asList(session.id(), session.owner().userId(),
                session.owner().username(), session.owner().apiKeyId(), session.transport(), session.scope().server(),
                session.name(), clientName, clientVersion, session.protocolVersion(), session.clientInfo(),
                session.clientCapabilities(), utc(session.createdAt()), utc(session.lastSeen())))).replaceWithVoid();
    }

    /** Last-seen times and ends of every session that needs it, in one round trip. */
    public Uni<Void> write(Collection<McpSession> sessions) {
        List<Tuple> rows = new ArrayList<>();
        for (McpSession session : sessions) {
            if (session.needsFlush()) {
                session.flushing();
                rows.add(row(session));
            }
        }
        if (rows.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return pool.preparedQuery(FLUSH).executeBatch(rows).replaceWithVoid();
    }

    /** An end the client asked for is stored before it is answered: no other instance may continue the session. */
    public Uni<Void> end(McpSession session) {
        return pool.preparedQuery(END).execute(Tuple.of(session.id(), session.state(), utc(session.endedAt())))
                .replaceWithVoid();
    }

    /**
     * Rows no instance has seen used for as long as a live session may idle expire (every instance flushes what its
     * clients do, so one instance's idle copy does not expire a session used through another). The ids expired.
     */
    public Uni<List<String>> expireStale(Instant idleSince) {
        return pool.preparedQuery(EXPIRE_STALE).execute(Tuple.of(utc(idleSince)))
                .map(rows -> ids(rows));
    }

    /** Sessions ended (by any instance) at or after {@code since}. */
    public Uni<List<String>> endedSince(Instant since) {
        return pool.preparedQuery(ENDED_SINCE).execute(Tuple.of(utc(since))).map(SessionStore::ids);
    }

    public Uni<Optional<SessionRow>> find(String id) {
        return pool.preparedQuery(FIND).execute(Tuple.of(id))
                .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(SessionRow.of(rows.iterator().next())));
    }

    /**
     * Sessions opened with one credential (the same user through the same API key, or without one, as
     * {@link Caller#sameCredential} compares), or everyone's when {@code credential} is null; newest first.
     */
    public Uni<List<SessionRow>> page(Caller credential, String state, int page, int size) {
        StringBuilder sql = new StringBuilder("select " + SessionRow.COLUMNS + " from mcp_sessions where true");
        List<Object> params = new ArrayList<>();
        if (credential != null) {
            params.add(credential.userId());
            sql.append(" and user_id = $").append(params.size());
            if (credential.apiKeyId() == null) {
                sql.append(" and api_key_id is null");
            } else {
                params.add(credential.apiKeyId());
                sql.append(" and api_key_id = $").append(params.size());
            }
        }
        if (state != null) {
            params.add(state);
            sql.append(" and state = $").append(params.size());
        }
        params.add(size);
        sql.append(" order by created_at desc limit $").append(params.size());
        params.add((long) page * size);
        sql.append(" offset $").append(params.size());
        return pool.preparedQuery(sql.toString()).execute(Tuple.from(params))
                .map(rows -> {
                    List<SessionRow> found = new ArrayList<>();
                    rows.forEach(row -> found.add(SessionRow.of(row)));
                    return found;
                });
    }

    public Uni<Void> rename(String id, String name) {
        return pool.preparedQuery(RENAME).execute(Tuple.of(id, name)).replaceWithVoid();
    }

    public Uni<Void> logLevel(String id, String level) {
        return pool.preparedQuery(LOG_LEVEL).execute(Tuple.of(id, level)).replaceWithVoid();
    }

    public Uni<Void> saveUpstream(String session, UpstreamSession upstream) {
        return pool.preparedQuery(UPSTREAM_SAVE).execute(Tuple.of(session, upstream.tool(), upstream.url(),
                upstream.id(), upstream.protocolVersion())).replaceWithVoid();
    }

    public Uni<Optional<UpstreamSession>> findUpstream(String session, String tool) {
        return pool.preparedQuery(UPSTREAM_FIND).execute(Tuple.of(session, tool)).map(rows -> {
            if (rows.size() == 0) {
                return Optional.empty();
            }
            Row row = rows.iterator().next();
            return Optional.of(new UpstreamSession(tool, row.getString("url"), row.getString("upstream_session"),
                    row.getString("protocol_version")));
        });
    }

    /** The upstream sessions of an ended client session, removed so that exactly one instance ends them upstream. */
    public Uni<List<UpstreamSession>> takeUpstreams(String session) {
        return pool.preparedQuery(UPSTREAMS_TAKE).execute(Tuple.of(session)).map(rows -> {
            List<UpstreamSession> taken = new ArrayList<>();
            rows.forEach(row -> taken.add(new UpstreamSession(row.getString("tool"), row.getString("url"),
                    row.getString("upstream_session"), row.getString("protocol_version"))));
            return taken;
        });
    }

    private static List<String> ids(io.vertx.mutiny.sqlclient.RowSet<Row> rows) {
        List<String> ids = new ArrayList<>();
        rows.forEach(row -> ids.add(row.getString("id")));
        return ids;
    }

    private static Tuple row(McpSession session) {
        return Tuple.from(Arrays.asList(session.id(), session.owner().userId(), session.owner().username(),
                session.owner().apiKeyId(), session.transport(), session.scope().server(), session.name(),
                utc(session.createdAt()), utc(session.lastSeen()), session.state(), utc(session.endedAt())));
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }
}
