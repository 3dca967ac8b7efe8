package one.mcps.identity.users;

import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import one.mcps.identity.apikeys.ApiKeyRepository;
import one.mcps.identity.audit.Revocations;
import one.mcps.identity.tokens.RefreshTokenRepository;

/**
 * Ends everything a user holds: access tokens issued until now, refresh-token families and, when asked, API keys.
 * Runs inside the caller's transaction.
 */
@ApplicationScoped
public class AccessRevoker {

    private final RefreshTokenRepository refreshTokens;
    private final ApiKeyRepository apiKeys;
    private final Revocations revocations;

    public AccessRevoker(RefreshTokenRepository refreshTokens, ApiKeyRepository apiKeys, Revocations revocations) {
        this.refreshTokens = refreshTokens;
        this.apiKeys = apiKeys;
        this.revocations = revocations;
    }

    /** Tokens only (a password change keeps the user's API keys). */
    public Uni<Void> revokeTokens(User user) {
        Instant now = Instant.now();
        user.tokensNotBefore = now;
        return refreshTokens.revokeAllOf(user.id).chain(() -> revocations.user(user.id, now));
    }

    /** Tokens and API keys (disable, delete). */
    public Uni<Void> revokeEverything(User user) {
        return revokeTokens(user).chain(() -> apiKeys.activeOf(user.id)).chain(keys -> {
            Instant now = Instant.now();
            Uni<Void> chain = Uni.createFrom().voidItem();
            for (var key : keys) {
                key.revokedAt = now;
                chain = chain.chain(() -> revocations.apiKey(key.id, key.expiresAt));
            }
            return chain;
        });
    }
}
