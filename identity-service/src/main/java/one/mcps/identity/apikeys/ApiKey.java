package one.mcps.identity.apikeys;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** An API key of a user; only the SHA-256 hash of its secret is kept. */
@Entity
@Table(name = "api_keys")
public class ApiKey {

    @Id
    public UUID id;
    @Column(name = "user_id")
    public UUID userId;
    public String name;
    @Column(name = "key_hash")
    public String keyHash;
    /** The first characters of the key, so a person can recognise it in a list. */
    public String prefix;
    /** The MCP servers the key is limited to; null means all the owner may use. */
    @JdbcTypeCode(SqlTypes.ARRAY)
    @Column(columnDefinition = "text[]")
    public String[] servers;
    @Column(name = "expires_at")
    public Instant expiresAt;
    @Column(name = "revoked_at")
    public Instant revokedAt;
    @Column(name = "created_at")
    public Instant createdAt;
    @Column(name = "last_used_at")
    public Instant lastUsedAt;

    public boolean isActive(Instant now) {
        return revokedAt == null && (expiresAt == null || expiresAt.isAfter(now));
    }
}
