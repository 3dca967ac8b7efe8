package one.mcps.identity.oauth.clients;

import java.time.Instant;
import java.util.List;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** A client registered through {@code POST /oauth/register} (RFC 7591). */
@Entity
@Table(name = "oauth_clients")
public class RegisteredClient {

    @Id
    @Column(name = "client_id")
    public String clientId;
    @Column(name = "client_name")
    public String clientName;
    @JdbcTypeCode(SqlTypes.ARRAY)
    @Column(name = "redirect_uris", columnDefinition = "text[]")
    public String[] redirectUris;
    @Column(name = "created_at")
    public Instant createdAt;

    public ClientInfo info() {
        return new ClientInfo(clientId, clientName, List.of(redirectUris));
    }
}
