package one.mcps.identity.oauth.token;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import one.mcps.identity.audit.Actor;
import one.mcps.identity.audit.AuditTrail;
import one.mcps.identity.auth.AuthService;
import one.mcps.platform.mcp.McpResources;
import one.mcps.identity.oauth.OAuthConfig;
import one.mcps.identity.oauth.OAuthError;
import one.mcps.identity.oauth.Pkce;
import one.mcps.identity.oauth.Scopes;
import one.mcps.identity.oauth.grants.Grant;
import one.mcps.identity.oauth.grants.GrantRepository;
import one.mcps.identity.tokens.IssuedToken;
import one.mcps.identity.tokens.RefreshToken;
import one.mcps.identity.tokens.RefreshTokenRepository;
import one.mcps.identity.tokens.Secrets;
import one.mcps.identity.tokens.TokenIssuer;
import one.mcps.identity.users.User;
import one.mcps.identity.users.UserRepository;

/**
 * The token endpoint's two grants. Each runs in one transaction that decides an outcome; a refusal that changed
 * something (a burnt code, a revoked family) commits before the error is answered, so the change holds.
 */
@ApplicationScoped
public class OAuthTokenService {

    static final String AUTHORIZATION_CODE = "authorization_code";
    static final String REFRESH_TOKEN = "refresh_token";
    private static final String TARGET = "oauth_grant";
    private static final String BEARER = "Bearer";

    /** A token response or the error to answer, decided in the transaction and answered after it committed. */
    private record Outcome(OAuthTokenResponse tokens, OAuthError error) {

        static Outcome refused(String error, String description) {
            return new Outcome(null, OAuthError.of(error, description));
        }

        OAuthTokenResponse tokensOrThrow() {
            if (error != null) {
                throw error;
            }
            return tokens;
        }
    }

    private final AuthorizationCodeRepository codes;
    private final RefreshTokenRepository refreshTokens;
    private final GrantRepository grants;
    private final UserRepository users;
    private final TokenIssuer issuer;
    private final AuthService auth;
    private final McpResources resources;
    private final OAuthConfig config;
    private final AuditTrail audit;

    public OAuthTokenService(AuthorizationCodeRepository codes, RefreshTokenRepository refreshTokens,
            GrantRepository grants, UserRepository users, TokenIssuer issuer, AuthService auth,
            McpResources resources, OAuthConfig config, AuditTrail audit) {
        this.codes = codes;
        this.refreshTokens = refreshTokens;
        this.grants = grants;
        this.users = users;
        this.issuer = issuer;
        this.auth = auth;
        this.resources = resources;
        this.config = config;
        this.audit = audit;
    }

    public Uni<OAuthTokenResponse> token(TokenRequest request, String address) {
        String grantType = TokenRequest.required(request.grantType(), "grant_type");
        return switch (grantType) {
            case AUTHORIZATION_CODE -> exchangeCode(request, address);
            case REFRESH_TOKEN -> refresh(request, address);
            default -> throw OAuthError.of(OAuthError.UNSUPPORTED_GRANT_TYPE, "grant_type must be "
                    + AUTHORIZATION_CODE + " or " + REFRESH_TOKEN + ".");
        };
    }

    /**
     * Trades a code for tokens. The code is spent by the first attempt whatever its outcome (a wrong verifier burns
     * it: a stolen code gets one guess); a spent code presented again revokes what it was traded for (RFC 6749
     * §4.1.2).
     */
    private Uni<OAuthTokenResponse> exchangeCode(TokenRequest request, String address) {
        String code = TokenRequest.required(request.code(), "code");
        String clientId = TokenRequest.required(request.clientId(), "client_id");
        String redirectUri = TokenRequest.required(request.redirectUri(), "redirect_uri");
        String verifier = TokenRequest.required(request.codeVerifier(), "code_verifier");
        return Panache.withTransaction(() -> codes.findForUpdate(Secrets.sha256(code)).chain(row -> {
            Instant now = Instant.now();
            if (row == null) {
                return refused(OAuthError.INVALID_GRANT, "The code is unknown or expired.");
            }
            Actor actor = new Actor(row.userId.toString(), null, address);
            if (row.usedAt != null) {
                return auth.revokeFamily(row.familyId)
                        .call(() -> audit.failure(actor, "oauth.code_reused", TARGET, row.grantId,
                                Map.of("client_id", row.clientId)))
                        .replaceWith(Outcome.refused(OAuthError.INVALID_GRANT, "The code was already used; the "
                                + "tokens issued for it are revoked."));
            }
            row.usedAt = now;
            if (row.expiresAt.isBefore(now)) {
                return refused(OAuthError.INVALID_GRANT, "The code is unknown or expired.");
            }
            if (!row.clientId.equals(clientId)) {
                return refused(OAuthError.INVALID_GRANT, "The code was issued to another client.");
            }
            if (!row.redirectUri.equals(redirectUri)) {
                return refused(OAuthError.INVALID_GRANT, "redirect_uri is not the one of the authorization request.");
            }
            if (!Pkce.verifies(verifier, row.codeChallenge)) {
                return refused(OAuthError.INVALID_GRANT, "code_verifier does not match the code_challenge.");
            }
            if (request.resource() != null && !request.resource().equals(row.resource)) {
                return refused(OAuthError.INVALID_TARGET, "resource is not the one the code was issued for.");
            }
            Set<String> scopes = Scopes.of(row.scopes);
            return issue(row.grantId, row.userId, clientId, scopes, row.resource, scopes, row.resource, row.familyId,
                    AUTHORIZATION_CODE, address);
        })).map(Outcome::tokensOrThrow);
    }

    /** Spends a refresh token for a new pair; the scopes and the resource may be narrowed, never widened. */
    private Uni<OAuthTokenResponse> refresh(TokenRequest request, String address) {
        String token = TokenRequest.required(request.refreshToken(), "refresh_token");
        String clientId = TokenRequest.required(request.clientId(), "client_id");
        return Panache.withTransaction(() -> refreshTokens.findByHashForUpdate(Secrets.sha256(token)).chain(row -> {
            if (row == null || row.grantId == null || row.revoked || row.expiresAt.isBefore(Instant.now())
                    || !row.clientId.equals(clientId)) {
                return refused(OAuthError.INVALID_GRANT, "The refresh token is not valid (unknown, expired, revoked, "
                        + "or another client's).");
            }
            if (row.spent) {
                return auth.revokeFamily(row.familyId)
                        .call(() -> audit.failure(new Actor(row.userId.toString(), null, address),
                                "oauth.refresh_reused", TARGET, row.grantId, Map.of("client_id", row.clientId,
                                        "family_id", row.familyId)))
                        .replaceWith(Outcome.refused(OAuthError.INVALID_GRANT, "The refresh token was already used; "
                                + "its whole family is revoked."));
            }
            Set<String> granted = Scopes.of(row.scopes);
            Set<String> scopes = request.scope() == null || request.scope().isBlank() ? granted
                    : Scopes.parse(request.scope());
            if (!granted.containsAll(scopes)) {
                return refused(OAuthError.INVALID_SCOPE, "scope may only narrow the granted scopes ("
                        + Scopes.join(granted) + ").");
            }
            String resource = request.resource() == null ? row.resource : request.resource();
            if (resources.ofUri(resource) == null || !narrows(row.resource, resource)) {
                return refused(OAuthError.INVALID_TARGET, "resource may only be the granted one (" + row.resource
                        + ") or, for the platform's /mcp, one server's endpoint.");
            }
            if (resources.serverOf(resource).filter(server -> !Scopes.reach(scopes, server)).isPresent()) {
                return refused(OAuthError.INVALID_SCOPE, "The scopes do not include the server of the resource.");
            }
            row.spent = true;
            return issue(row.grantId, row.userId, clientId, scopes, resource, granted, row.resource, row.familyId,
                    REFRESH_TOKEN, address);
        })).map(Outcome::tokensOrThrow);
    }

    /**
     * Issues an access token ({@code scopes}, {@code resource}) and a refresh token that keeps what was granted
     * ({@code familyScopes}, {@code familyResource}), when the grant is live and its user enabled.
     */
    private Uni<Outcome> issue(UUID grantId, UUID userId, String clientId, Set<String> scopes, String resource,
            Set<String> familyScopes, String familyResource, UUID familyId, String grantType, String address) {
        return grants.findById(grantId).chain(grant -> users.findById(userId).chain(user -> {
            if (grant == null || grant.revokedAt != null || user == null || !user.enabled) {
                return refused(OAuthError.INVALID_GRANT, "The grant was revoked or its user cannot log in.");
            }
            grant.lastUsedAt = Instant.now();
            String scope = Scopes.join(scopes);
            IssuedToken access = issuer.oauthToken(user.id, user.username, Set.of(user.roles), user.tokensNotBefore,
                    resource, scope, clientId, grant.id);
            String refresh = Secrets.random();
            return refreshTokens.persist(refreshRow(user, grant, familyId, access, refresh, familyScopes,
                    familyResource))
                    .call(() -> audit.success(new Actor(user.id.toString(), user.username, address), "oauth.token",
                            TARGET, grant.id, details(clientId, grantType, scope, resource)))
                    .map(saved -> new Outcome(new OAuthTokenResponse(access.value(), BEARER,
                            issuer.accessTtl().toSeconds(), refresh, scope), null));
        }));
    }

    private RefreshToken refreshRow(User user, Grant grant, UUID familyId, IssuedToken access, String refresh,
            Set<String> scopes, String resource) {
        RefreshToken row = new RefreshToken();
        row.id = UUID.randomUUID();
        row.familyId = familyId;
        row.userId = user.id;
        row.tokenHash = Secrets.sha256(refresh);
        row.accessJti = access.jti();
        row.createdAt = Instant.now();
        row.expiresAt = row.createdAt.plus(config.refreshTtl());
        row.grantId = grant.id;
        row.clientId = grant.clientId;
        row.scopes = scopes.toArray(String[]::new);
        row.resource = resource;
        return row;
    }

    private static Map<String, Object> details(String clientId, String grantType, String scope, String resource) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("client_id", clientId);
        details.put("grant_type", grantType);
        details.put("scope", scope);
        details.put("resource", resource);
        return details;
    }

    private static Uni<Outcome> refused(String error, String description) {
        return Uni.createFrom().item(Outcome.refused(error, description));
    }

    /**
     * Whether a token for {@code original} may be narrowed to {@code requested} on refresh: the same resource, or one
     * server's endpoint when the original was {@code /mcp}.
     */
    private boolean narrows(String original, String requested) {
        return requested.equals(original)
                || (original.equals(resources.all()) && resources.serverOf(requested).isPresent());
    }
}
