package one.mcps.identity.oauth.token;

import java.time.Instant;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.jwt.JsonWebToken;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.jwt.auth.principal.JWTParser;
import io.smallrye.jwt.auth.principal.ParseException;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import one.mcps.identity.audit.Actor;
import one.mcps.identity.audit.AuditTrail;
import one.mcps.identity.audit.Revocations;
import one.mcps.identity.auth.AuthService;
import one.mcps.identity.tokens.RefreshTokenRepository;
import one.mcps.identity.tokens.Secrets;
import one.mcps.platform.security.OAuthTokens;

/**
 * RFC 7009 revocation of the tokens this server issued to OAuth clients: a refresh token (with its family and the
 * family's live access tokens) or an access token (by its {@code jti}, everywhere). The answer is the same whether
 * or not anything was revoked (§2.2), so the endpoint tells nothing about tokens it does not know.
 */
@ApplicationScoped
public class OAuthRevocations {

    private static final String TARGET = "oauth_grant";
    /** A JWS in compact form has three dot-separated parts; a refresh token is one base64url string. */
    private static final int JWS_PARTS = 3;

    private final RefreshTokenRepository refreshTokens;
    private final AuthService auth;
    private final Revocations revocations;
    private final JWTParser parser;
    private final AuditTrail audit;

    public OAuthRevocations(RefreshTokenRepository refreshTokens, AuthService auth, Revocations revocations,
            JWTParser parser, AuditTrail audit) {
        this.refreshTokens = refreshTokens;
        this.auth = auth;
        this.revocations = revocations;
        this.parser = parser;
        this.audit = audit;
    }

    /** Revokes {@code token} when it is an OAuth token of {@code clientId} (any client's when none is named). */
    public Uni<Void> revoke(String token, String clientId, String address) {
        if (token == null || token.isBlank()) {
            return Uni.createFrom().voidItem();
        }
        return token.split("\\.", -1).length == JWS_PARTS ? revokeAccess(token, clientId, address)
                : revokeRefresh(token, clientId, address);
    }

    private Uni<Void> revokeRefresh(String token, String clientId, String address) {
        return Panache.withTransaction(() -> refreshTokens.findByHashForUpdate(Secrets.sha256(token)).chain(row -> {
            if (row == null || row.grantId == null || row.revoked || (clientId != null && !clientId.equals(row.clientId))) {
                return Uni.createFrom().voidItem();
            }
            return auth.revokeFamily(row.familyId).call(() -> audit.success(
                    new Actor(row.userId.toString(), null, address), "oauth.token_revoked", TARGET, row.grantId,
                    Map.of("client_id", row.clientId, "token_type", "refresh_token")));
        }));
    }

    private Uni<Void> revokeAccess(String token, String clientId, String address) {
        return verified(token).chain(jwt -> {
            if (jwt == null || !jwt.containsClaim(OAuthTokens.GRANT_ID_CLAIM)
                    || (clientId != null && !clientId.equals(claim(jwt, OAuthTokens.CLIENT_ID_CLAIM)))) {
                return Uni.createFrom().voidItem();
            }
            return Panache.withTransaction(() -> revocations.token(jwt.getTokenID(),
                    Instant.ofEpochSecond(jwt.getExpirationTime()))
                    .call(() -> audit.success(new Actor(jwt.getSubject(), jwt.getName(), address),
                            "oauth.token_revoked", TARGET, claim(jwt, OAuthTokens.GRANT_ID_CLAIM),
                            Map.of("client_id", String.valueOf(claim(jwt, OAuthTokens.CLIENT_ID_CLAIM)),
                                    "token_type", "access_token"))));
        });
    }

    /**
     * The token when its signature and expiry hold, else null. Verification may read the key file, so it runs on a
     * worker and continues on the request's Vert.x context (the reactive session expects it).
     */
    private Uni<JsonWebToken> verified(String token) {
        Context caller = Vertx.currentContext();
        Uni<JsonWebToken> parsed = Uni.createFrom().item(() -> {
            try {
                return parser.parse(token);
            } catch (ParseException e) {
                return null;
            }
        }).runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
        return caller == null ? parsed : parsed.emitOn(command -> caller.runOnContext(ignored -> command.run()));
    }

    private static String claim(JsonWebToken jwt, String name) {
        Object value = jwt.getClaim(name);
        if (value instanceof jakarta.json.JsonString text) {
            return text.getString();
        }
        return value == null ? null : value.toString();
    }
}
