package one.mcps.proxy.sessions;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Set;

import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Row;
import one.mcps.platform.security.Caller;
import one.mcps.proxy.catalog.Scope;

/** A session's row in {@code mcp_sessions}: for the sessions API, and what another instance restores it from. */
public record SessionRow(String id, String userId, String username, String apiKeyId, String transport,
        String scopeServer, String name, String clientName, String clientVersion, String protocolVersion,
        JsonObject clientInfo, JsonObject clientCapabilities, String logLevel, Instant createdAt, Instant lastSeenAt,
        String state, Instant closedAt) {

    static final String COLUMNS = "id, user_id, username, api_key_id, transport, scope_server, name, client_name, "
            + "client_version, protocol_version, client_info, client_capabilities, log_level, created_at, last_seen_at, "
            + "state, closed_at";

    static SessionRow of(Row row) {
        return new SessionRow(row.getString("id"), row.getString("user_id"), row.getString("username"),
                row.getString("api_key_id"), row.getString("transport"), row.getString("scope_server"),
                row.getString("name"), row.getString("client_name"), row.getString("client_version"),
                row.getString("protocol_version"), json(row, "client_info"), json(row, "client_capabilities"),
                row.getString("log_level"), instant(row, "created_at"), instant(row, "last_seen_at"),
                row.getString("state"), instant(row, "closed_at"));
    }

    /** The credential that opened the session, for {@link Caller#sameCredential}: roles are not kept. */
    Caller owner() {
        return new Caller(userId, username, Set.of(), apiKeyId, null);
    }

    Scope scope() {
        return scopeServer == null ? Scope.ALL : Scope.of(scopeServer);
    }

    private static JsonObject json(Row row, String column) {
        Object value = row.getValue(column);
        return value instanceof JsonObject object ? object : null;
    }

    private static Instant instant(Row row, String column) {
        OffsetDateTime value = row.getOffsetDateTime(column);
        return value == null ? null : value.toInstant();
    }
}
