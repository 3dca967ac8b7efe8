package one.mcps.identity.tokens;

import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;

@ApplicationScoped
public class RefreshTokenRepository implements PanacheRepositoryBase<RefreshToken, UUID> {

    public Uni<RefreshToken> findByHash(String tokenHash) {
        return find("tokenHash", tokenHash).firstResult();
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

    public Uni<Integer> revokeAllOf(UUID userId) {
        return update("revoked = true where userId = ?1 and revoked = false", userId);
    }
}
