package one.mcps.identity.oauth.token;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/**
 * A one-time authorization code (only its SHA-256 is kept), bound to everything the token request must repeat or
 * prove. {@code familyId} is the refresh family its tokens are issued in, so a second use can revoke them.
 */
@Entity
@Table(name = "oauth_codes")
public class AuthorizationCode {

    @Id
    @Column(name = "code_hash")
    public String codeHash;
    @Column(name = "client_id")
    public String clientId;
    @Column(name = "redirect_uri")
    public String redirectUri;
    @Column(name = "code_challenge")
    public String codeChallenge;
    @JdbcTypeCode(SqlTypes.ARRAY)
    @Column(columnDefinition = "text[]")
    public String[] scopes;
    public String resource;
    @Column(name = "user_id")
    public UUID userId;
    @Column(name = "grant_id")
    public UUID grantId;
    @Column(name = "family_id")
    public UUID familyId;
    @Column(name = "used_at")
    public Instant usedAt;
    @Column(name = "created_at")
    public Instant createdAt;
    @Column(name = "expires_at")
    public Instant expiresAt;
}
