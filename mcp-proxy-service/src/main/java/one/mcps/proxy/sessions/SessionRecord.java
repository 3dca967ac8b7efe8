package one.mcps.proxy.sessions;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** The durable copy of a session (table {@code mcp_sessions}), read by the sessions API. */
@Entity
@Table(name = "mcp_sessions")
public class SessionRecord {

    @Id
    public String id;
    @Column(name = "user_id")
    public String userId;
    public String username;
    @Column(name = "api_key_id")
    public String apiKeyId;
    public String transport;
    @Column(name = "scope_server")
    public String scopeServer;
    public String name;
    @Column(name = "client_name")
    public String clientName;
    @Column(name = "client_version")
    public String clientVersion;
    @Column(name = "protocol_version")
    public String protocolVersion;
    @Column(name = "created_at")
    public Instant createdAt;
    @Column(name = "last_seen_at")
    public Instant lastSeenAt;
    public String state;
    @Column(name = "closed_at")
    public Instant closedAt;
}
