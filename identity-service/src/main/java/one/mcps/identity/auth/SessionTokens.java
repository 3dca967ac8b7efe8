package one.mcps.identity.auth;

import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.smallrye.mutiny.Uni;
import one.mcps.identity.tokens.IssuedToken;
import one.mcps.identity.tokens.RefreshToken;
import one.mcps.identity.tokens.RefreshTokenRepository;
import one.mcps.identity.tokens.Secrets;
import one.mcps.identity.tokens.TokenIssuer;
import one.mcps.identity.users.User;

/** Issues an access token with its refresh token, inside the caller's transaction. */
@ApplicationScoped
public class SessionTokens {

    private final TokenIssuer issuer;
    private final RefreshTokenRepository refreshTokens;
    private final Duration refreshTtl;

    public SessionTokens(TokenIssuer issuer, RefreshTokenRepository refreshTokens,
            @ConfigProperty(name = "mcps.jwt.refresh-ttl") Duration refreshTtl) {
        this.issuer = issuer;
        this.refreshTokens = refreshTokens;
        this.refreshTtl = refreshTtl;
    }

    /** A new pair in {@code familyId} (a fresh family for a login, the same one for a refresh). */
    public Uni<TokenPair> issue(User user, UUID familyId) {
        IssuedToken access = issuer.userToken(user.id, user.username, Set.of(user.roles), user.tokensNotBefore);
        String refresh = Secrets.random();
        RefreshToken row = new RefreshToken();
        row.id = UUID.randomUUID();
        row.familyId = familyId;
        row.userId = user.id;
        row.tokenHash = Secrets.sha256(refresh);
        row.accessJti = access.jti();
        row.createdAt = Instant.now();
        row.expiresAt = row.createdAt.plus(refreshTtl);
        return refreshTokens.persist(row).map(saved -> new TokenPair(access.value(), refresh, TokenPair.BEARER,
                issuer.accessTtl().toSeconds()));
    }
}
