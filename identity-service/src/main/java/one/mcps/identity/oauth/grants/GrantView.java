package one.mcps.identity.oauth.grants;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A grant as its user sees it in {@code GET /api/v1/auth/grants}. */
public record GrantView(UUID id, String clientId, String clientName, List<String> scopes, Instant createdAt,
        Instant lastUsedAt) {

    public static GrantView of(Grant grant) {
        return new GrantView(grant.id, grant.clientId, grant.clientName, List.of(grant.scopes), grant.createdAt,
                grant.lastUsedAt);
    }
}
