package one.mcps.identity.apikeys;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;

@ApplicationScoped
public class ApiKeyRepository implements PanacheRepositoryBase<ApiKey, UUID> {

    public Uni<List<ApiKey>> ofUser(UUID userId) {
        return list("userId", Sort.by("createdAt"), userId);
    }

    public Uni<List<ApiKey>> everyKey() {
        return listAll(Sort.by("createdAt"));
    }

    public Uni<List<ApiKey>> activeOf(UUID userId) {
        return list("userId = ?1 and revokedAt is null", userId);
    }

    public Uni<Integer> revokeAllOf(UUID userId, Instant at) {
        return update("revokedAt = ?1 where userId = ?2 and revokedAt is null", at, userId);
    }
}
