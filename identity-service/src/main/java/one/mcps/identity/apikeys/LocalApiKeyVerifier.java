package one.mcps.identity.apikeys;

import java.time.OffsetDateTime;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import one.mcps.identity.tokens.Secrets;
import one.mcps.platform.security.ApiKeyFormat;
import one.mcps.platform.security.ApiKeyOwner;
import one.mcps.platform.security.ApiKeyVerifier;

/**
 * identity-service checks API keys in its own database instead of calling itself. Uses the reactive pool
 * directly: it runs during authentication, outside any Hibernate session.
 */
@ApplicationScoped
public class LocalApiKeyVerifier implements ApiKeyVerifier {

    private static final String LOOKUP = "select k.id, k.key_hash, k.servers, k.expires_at, u.id as user_id, "
            + "u.username, u.roles from api_keys k join users u on u.id = k.user_id "
            + "where k.id = $1 and k.revoked_at is null and (k.expires_at is null or k.expires_at > now()) "
            + "and u.enabled";
    private static final String TOUCH = "update api_keys set last_used_at = now() where id = $1";

    private final Pool pool;

    public LocalApiKeyVerifier(Pool pool) {
        this.pool = pool;
    }

    @Override
    public Uni<Optional<ApiKeyOwner>> verify(String key) {
        Optional<UUID> id = ApiKeyFormat.keyId(key).flatMap(LocalApiKeyVerifier::uuid);
        Optional<String> secret = ApiKeyFormat.secret(key);
        if (id.isEmpty() || secret.isEmpty()) {
            return Uni.createFrom().item(Optional.empty());
        }
        return pool.preparedQuery(LOOKUP).execute(Tuple.of(id.get())).chain(rows -> {
            if (rows.size() == 0) {
                return Uni.createFrom().item(Optional.<ApiKeyOwner> empty());
            }
            Row row = rows.iterator().next();
            if (!Secrets.equal(row.getString("key_hash"), Secrets.sha256(secret.get()))) {
                return Uni.createFrom().item(Optional.<ApiKeyOwner> empty());
            }
            return pool.preparedQuery(TOUCH).execute(Tuple.of(id.get())).replaceWith(Optional.of(owner(row)));
        });
    }

    private static ApiKeyOwner owner(Row row) {
        String[] servers = row.getArrayOfStrings("servers");
        OffsetDateTime expires = row.getOffsetDateTime("expires_at");
        return new ApiKeyOwner(row.getUUID("user_id").toString(), row.getString("username"),
                Set.of(row.getArrayOfStrings("roles")), row.getUUID("id").toString(),
                servers == null ? null : Set.of(servers), expires == null ? null : expires.toInstant());
    }

    private static Optional<UUID> uuid(String value) {
        try {
            return Optional.of(UUID.fromString(value));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
