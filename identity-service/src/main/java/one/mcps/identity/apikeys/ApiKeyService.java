package one.mcps.identity.apikeys;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import one.mcps.identity.audit.Actor;
import one.mcps.identity.audit.AuditTrail;
import one.mcps.identity.audit.Revocations;
import one.mcps.identity.tokens.Secrets;
import one.mcps.platform.errors.ProblemException;
import one.mcps.platform.security.ApiKeyFormat;

/** Creates, lists and revokes API keys. The secret exists in clear only in the answer to its creation. */
@ApplicationScoped
public class ApiKeyService {

    private static final String TARGET = "api_key";
    private static final int SHOWN_PREFIX = 12;

    private final ApiKeyRepository keys;
    private final Revocations revocations;
    private final AuditTrail audit;

    public ApiKeyService(ApiKeyRepository keys, Revocations revocations, AuditTrail audit) {
        this.keys = keys;
        this.revocations = revocations;
        this.audit = audit;
    }

    public Uni<ApiKeyView> create(UUID ownerId, CreateApiKeyRequest request, Actor actor) {
        String secret = Secrets.random();
        ApiKey key = new ApiKey();
        key.id = UUID.randomUUID();
        String full = ApiKeyFormat.compose(key.id.toString(), secret);
        key.userId = ownerId;
        key.name = request.name();
        key.keyHash = Secrets.sha256(secret);
        key.prefix = full.substring(0, ApiKeyFormat.PREFIX.length() + SHOWN_PREFIX);
        key.servers = request.servers() == null ? null : request.servers().stream().distinct().toArray(String[]::new);
        key.expiresAt = request.expiresAt();
        key.createdAt = Instant.now();
        return Panache.withTransaction(() -> keys.persist(key)
                .call(saved -> audit.success(actor, "api_key.created", TARGET, saved.id, Map.of("name", saved.name,
                        "servers", saved.servers == null ? List.of() : List.of(saved.servers)))))
                .map(saved -> ApiKeyView.withSecret(saved, full));
    }

    /** The caller's own keys, or every key when {@code all} (admins). */
    public Uni<List<ApiKeyView>> list(UUID ownerId, boolean all) {
        return Panache.withSession(() -> all ? keys.everyKey() : keys.ofUser(ownerId))
                .map(found -> found.stream().map(ApiKeyView::of).toList());
    }

    /** Revokes a key of the caller's (any key for an admin); revoking twice is harmless. */
    public Uni<Void> revoke(UUID keyId, UUID callerId, boolean admin, Actor actor) {
        return Panache.withTransaction(() -> keys.findById(keyId).chain(key -> {
            if (key == null || !admin && !key.userId.equals(callerId)) {
                return Uni.createFrom().failure(ProblemException.notFound("You have no API key " + keyId + "."));
            }
            if (key.revokedAt != null) {
                return Uni.createFrom().voidItem();
            }
            key.revokedAt = Instant.now();
            return revocations.apiKey(key.id, key.expiresAt)
                    .chain(() -> audit.success(actor, "api_key.revoked", TARGET, key.id, Map.of("name", key.name)));
        }));
    }
}
