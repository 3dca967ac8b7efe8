package one.mcps.identity.tokens;

import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;

@ApplicationScoped
public class RefreshTokenRepository implements PanacheRepositoryBase<RefreshToken, UUID> {

    /**
     * The token's row, locked until the transaction ends: of two refreshes racing with one token, the second waits
     * for the first to commit and then sees it spent (reuse), instead of both reading it unspent.
     */
    public Uni<RefreshToken> findByHashForUpdate(String tokenHash) {
        return find("tokenHash", tokenHash).withLock(LockModeType.PESSIMISTIC_WRITE).firstResult();
    }

    public Uni<RefreshToken> findByAccessJti(String jti) {
        return find("accessJti", jti).firstResult();
    }

    public Uni<List<RefreshToken>> family(UUID familyId) {
        return list("familyId", familyId);
    }

    public Uni<Integer> revokeFamily(UUID familyId) {
        return update("revoked = true where familyId = ?1", familyId);
    }

    /** Every refresh token issued under the OAuth grant (its user withdrew the consent). */
    public Uni<Integer> revokeGrant(UUID grantId) {
        return update("revoked = true where grantId = ?1 and revoked = false", grantId);
    }

    public Uni<Integer> revokeAllOf(UUID userId) {
        return update("revoked = true where userId = ?1 and revoked = false", userId);
    }
}
