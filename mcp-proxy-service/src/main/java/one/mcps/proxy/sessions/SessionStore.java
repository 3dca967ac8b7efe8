package one.mcps.proxy.sessions;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Writes sessions to PostgreSQL in batches, off the request path: one {@code executeBatch} upsert of every session
 * that is new, changed or was seen since the last flush. The reactive client is used directly here (not Panache)
 * because a multi-row upsert in one round trip is what keeps 10,000 sessions cheap.
 */
@ApplicationScoped
public class SessionStore {

    private static final String UPSERT = """
            insert into mcp_sessions (id, user_id, username, api_key_id, transport, scope_server, name, client_name,
                client_version, protocol_version, created_at, last_seen_at, state, closed_at)
            values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)
            on conflict (id) do update set name = excluded.name, client_name = excluded.client_name,
                client_version = excluded.client_version, protocol_version = excluded.protocol_version,
                last_seen_at = greatest(mcp_sessions.last_seen_at, excluded.last_seen_at), state = excluded.state,
                closed_at = excluded.closed_at""";
    private static final String EXPIRE_STALE = """
            update mcp_sessions set state = 'expired', closed_at = now()
            where state = 'active' and last_seen_at < $1""";

    private final Pool pool;

    public SessionStore(Pool pool) {
        this.pool = pool;
    }

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
        return pool.preparedQuery(UPSERT).executeBatch(rows).replaceWithVoid();
    }

    /**
     * Rows left active by a proxy that is gone (a restart, another instance) expire once idle for as long as a live
     * session would; live sessions keep theirs fresh through the flush.
     */
    public Uni<Void> expireStale(Instant idleSince) {
        return pool.preparedQuery(EXPIRE_STALE).execute(Tuple.of(idleSince.atOffset(ZoneOffset.UTC)))
                .replaceWithVoid();
    }

    private static Tuple row(McpSession session) {
        String clientName = session.clientInfo() == null ? null : session.clientInfo().getString("name");
        String clientVersion = session.clientInfo() == null ? null : session.clientInfo().getString("version");
        boolean ended = !McpSession.ACTIVE.equals(session.state());
        return Tuple.from(Arrays.asList( session.id(), session.owner().userId(), session.owner().username(),
                session.owner().apiKeyId(), session.transport(), session.scope().server(), session.name(),
                clientName, clientVersion, session.protocolVersion(),
                session.createdAt().atOffset(ZoneOffset.UTC), session.lastSeen().atOffset(ZoneOffset.UTC),
                session.state(), ended ? session.lastSeen().atOffset(ZoneOffset.UTC) : null));
    }
}
