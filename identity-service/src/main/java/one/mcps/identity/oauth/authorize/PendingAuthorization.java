package one.mcps.identity.oauth.authorize;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/**
 * A validated authorization request waiting for its user's login and consent. The browser holds its id (a hidden
 * field) and a CSRF token (a hidden field and a cookie); only their hashes are kept.
 */
@Entity
@Table(name = "oauth_pending")
public class PendingAuthorization {

    @Id
    @Column(name = "id_hash")
    public String idHash;
    @Column(name = "csrf_hash")
    public String csrfHash;
    @Column(name = "client_id")
    public String clientId;
    @Column(name = "client_name")
    public String clientName;
    @Column(name = "redirect_uri")
    public String redirectUri;
    @Column(name = "code_challenge")
    public String codeChallenge;
    public String state;
    @JdbcTypeCode(SqlTypes.ARRAY)
    @Column(columnDefinition = "text[]")
    public String[] scopes;
    public String resource;
    /** Set once the user's password was checked; the consent form acts for this user. */
    @Column(name = "user_id")
    public UUID userId;
    @Column(name = "created_at")
    public Instant createdAt;
    @Column(name = "expires_at")
    public Instant expiresAt;
}
