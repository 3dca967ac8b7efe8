package one.mcps.identity.oauth.grants;

import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import one.mcps.identity.audit.Actor;
import one.mcps.identity.audit.AuditTrail;
import one.mcps.identity.audit.Revocations;
import one.mcps.identity.tokens.RefreshTokenRepository;
import one.mcps.identity.tokens.TokenIssuer;
import one.mcps.platform.errors.ProblemException;

/** Remembered consents: found or widened when a user approves a client, listed and withdrawn by their user. */
@ApplicationScoped
public class GrantService {

    private static final String TARGET = "oauth_grant";

    private final GrantRepository grants;
    private final RefreshTokenRepository refreshTokens;
    private final Revocations revocations;
    private final TokenIssuer issuer;
    private final AuditTrail audit;

    public GrantService(GrantRepository grants, RefreshTokenRepository refreshTokens, Revocations revocations,
            TokenIssuer issuer, AuditTrail audit) {
        this.grants = grants;
        this.refreshTokens = refreshTokens;
        this.revocations = revocations;
        this.issuer = issuer;
        this.audit = audit;
    }

    /** Whether the user's live grant to the client already covers these scopes (no consent page needed). */
    public Uni<Grant> covering(UUID userId, String clientId, Set<String> scopes) {
        return grants.live(userId, clientId)
                .map(grant -> grant != null && Set.of(grant.scopes).containsAll(scopes) ? grant : null);
    }

    /** The user's grant to the client, created or widened to include {@code scopes}; in the caller's transaction. */
    public Uni<Grant> approve(UUID userId, String clientId, String clientName, Set<String> scopes) {
        return grants.live(userId, clientId).chain(grant -> {
            if (grant == null) {
                Grant created = new Grant();
                created.id = UUID.randomUUID();
                created.userId = userId;
                created.clientId = clientId;
                created.clientName = clientName;
                created.scopes = scopes.toArray(String[]::new);
                created.createdAt = Instant.now();
                return grants.persist(created);
            }
            Set<String> union = new LinkedHashSet<>(List.of(grant.scopes));
            union.addAll(scopes);
            grant.scopes = union.toArray(String[]::new);
            grant.clientName = clientName;
            return Uni.createFrom().item(grant);
        });
    }

    /** The user's live grants, or with {@code everyone} every user's. */
    public Uni<List<GrantView>> list(UUID userId, boolean everyone) {
        return Panache.withSession(() -> everyone ? grants.live() : grants.liveOf(userId))
                .map(all -> all.stream().map(GrantView::of).toList());
    }

    /**
     * Withdraws a grant of the user (any user's for an admin): its refresh tokens are revoked here, its access tokens
     * everywhere through a grant revocation (they name it in {@code grant_id}). 404 for a grant that is not the
     * caller's or already withdrawn.
     */
    public Uni<Void> revoke(UUID userId, UUID grantId, boolean admin, Actor actor) {
        return Panache.withTransaction(() -> grants.findById(grantId).chain(grant -> {
            if (grant == null || (!admin && !grant.userId.equals(userId)) || grant.revokedAt != null) {
                return Uni.createFrom().failure(ProblemException.notFound("No such grant."));
            }
            grant.revokedAt = Instant.now();
            return refreshTokens.revokeGrant(grantId)
                    .chain(() -> revocations.grant(grantId, grant.revokedAt.plus(issuer.accessTtl())))
                    .chain(() -> audit.success(actor, "oauth.grant_revoked", TARGET, grantId,
                            Map.of("client_id", grant.clientId, "scopes", List.of(grant.scopes))));
        }));
    }
}
