package one.mcps.identity.oauth.grants;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A grant as {@code GET /api/v1/auth/oauth/grants} shows it: whose, to which client, for what. */
public record GrantView(UUID id, UUID userId, String clientId, String clientName, List<String> scopes,
        Instant createdAt, Instant lastUsedAt) {

    public static GrantView of(Grant grant) {
        return new GrantView(grant.id, grant.userId, grant.clientId, grant.clientName, List.of(grant.scopes),
                grant.createdAt, grant.lastUsedAt);
    }
}
