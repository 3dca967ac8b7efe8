package one.mcps.proxy.sessions;

import java.time.Instant;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** A session as the sessions API shows it; {@code live} when the instance that answers holds it now. */
@RegisterForReflection
public record SessionView(String id, String userId, String username, String name, String transport, String server,
        String clientName, String clientVersion, String protocolVersion, String state, Instant createdAt,
        Instant lastSeenAt, Instant closedAt, boolean live, String endpoint) {

    public static SessionView of(McpSession s) {
        String clientName = s.clientInfo() == null ? null : s.clientInfo().getString("name");
        String clientVersion = s.clientInfo() == null ? null : s.clientInfo().getString("version");
        return new SessionView(s.id(), s.owner().userId(), s.owner().username(), s.name(), s.transport(),
                s.scope().server(), clientName, clientVersion, s.protocolVersion(), s.state(), s.createdAt(),
                s.lastSeen(), null, true, endpoint(s.scope().server()));
    }

    public static SessionView of(SessionRow r) {
        return new SessionView(r.id(), r.userId(), r.username(), r.name(), r.transport(), r.scopeServer(),
                r.clientName(), r.clientVersion(), r.protocolVersion(), r.state(), r.createdAt(), r.lastSeenAt(),
                r.closedAt(), false, endpoint(r.scopeServer()));
    }

    private static String endpoint(String server) {
        return server == null ? "/mcp" : "/servers/" + server + "/mcp";
    }
}
