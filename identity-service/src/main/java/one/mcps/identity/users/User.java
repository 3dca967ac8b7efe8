package one.mcps.identity.users;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** An account. The password is kept only as a bcrypt hash. */
@Entity
@Table(name = "users")
public class User {

    @Id
    public UUID id;
    public String username;
    public String email;
    @Column(name = "password_hash")
    public String passwordHash;
    @JdbcTypeCode(SqlTypes.ARRAY)
    @Column(columnDefinition = "text[]")
    public String[] roles;
    public boolean enabled;
    @Column(name = "tokens_not_before")
    public Instant tokensNotBefore;
    @Column(name = "created_at")
    public Instant createdAt;
    @Column(name = "updated_at")
    public Instant updatedAt;
    @Column(name = "last_login_at")
    public Instant lastLoginAt;

    public boolean hasRole(String role) {
        for (String r : roles) {
            if (r.equals(role)) {
                return true;
            }
        }
        return false;
    }
}
