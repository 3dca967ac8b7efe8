package one.mcps.identity.tokens;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/**
 * One refresh token of a family (a login and its refreshes). Only its SHA-256 hash is kept. Using a spent token
 * again means it was stolen: the whole family is revoked.
 */
@Entity
@Table(name = "refresh_tokens")
public class RefreshToken {

    @Id
    public UUID id;
    @Column(name = "family_id")
    public UUID familyId;
    @Column(name = "user_id")
    public UUID userId;
    @Column(name = "token_hash")
    public String tokenHash;
    /** The access token issued together with this refresh token, revoked with the family. */
    @Column(name = "access_jti")
    public String accessJti;
    public boolean spent;
    public boolean revoked;
    @Column(name = "expires_at")
    public Instant expiresAt;
    @Column(name = "created_at")
    public Instant createdAt;
    /** OAuth only (null for a login's family): the grant, client, scopes and resource the family was issued for. */
    @Column(name = "grant_id")
    public UUID grantId;
    @Column(name = "client_id")
    public String clientId;
    @JdbcTypeCode(SqlTypes.ARRAY)
    @Column(columnDefinition = "text[]")
    public String[] scopes;
    public String resource;
}
