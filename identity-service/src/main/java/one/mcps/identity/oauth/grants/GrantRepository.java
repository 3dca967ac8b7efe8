package one.mcps.identity.oauth.grants;

import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;

@ApplicationScoped
public class GrantRepository implements PanacheRepositoryBase<Grant, UUID> {

    /** The user's live grant to the client (at most one: a unique index), or null. */
    public Uni<Grant> live(UUID userId, String clientId) {
        return find("userId = ?1 and clientId = ?2 and revokedAt is null", userId, clientId).firstResult();
    }

    public Uni<List<Grant>> liveOf(UUID userId) {
        return list("userId = ?1 and revokedAt is null", Sort.by("createdAt"), userId);
    }

    /** Every user's live grants. */
    public Uni<List<Grant>> live() {
        return list("revokedAt is null", Sort.by("createdAt"));
    }
}
