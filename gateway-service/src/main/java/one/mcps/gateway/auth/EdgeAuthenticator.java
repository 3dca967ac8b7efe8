package one.mcps.gateway.auth;

import java.time.Instant;
import java.util.Set;

import jakarta.inject.Singleton;

import org.eclipse.microprofile.jwt.JsonWebToken;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import io.smallrye.jwt.auth.principal.JWTParser;
import io.smallrye.jwt.auth.principal.ParseException;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import one.mcps.platform.errors.ProblemException;
import one.mcps.platform.security.ApiKeyFormat;
import one.mcps.platform.security.ApiKeyOwner;
import one.mcps.platform.security.ApiKeyVerifier;
import one.mcps.platform.security.ClaimValues;
import one.mcps.platform.security.DelegatedTokenAugmentor;
import one.mcps.platform.security.OAuthTokens;
import one.mcps.platform.security.RevocationRegistry;
import one.mcps.platform.security.Roles;

/**
 * Checks the bearer credential of a forwarded request at the edge, without calling identity-service: a JWT against
 * identity's JWKS (smallrye-jwt) and the revocations heard on Kafka; an API key ({@code mcps_...}) through the
 * platform's {@link ApiKeyVerifier}, which asks identity-service once and caches the answer until it expires or a
 * revocation evicts it. Verified JWTs are remembered by their text for a short while so a busy client costs one
 * signature check, not one per request; the revocation check still runs every time.
 */
@Singleton
public class EdgeAuthenticator {

    private static final String BEARER = "Bearer ";

    /**
     * @param grantId the OAuth grant of an OAuth access token, else null
     * @param servers the servers a scoped token is limited to (a delegated key's {@code servers}, an OAuth token's
     *        {@code mcp:{server}} scopes), else null
     * @param audience the resources an OAuth access token is bound to, else null
     */
    private record VerifiedToken(String jti, String subject, String username, Set<String> roles, Instant issuedAt,
            Instant expiresAt, String grantId, Set<String> servers, Set<String> audience) {
    }

    private final JWTParser parser;
    private final RevocationRegistry revocations;
    private final PublicPaths publicPaths;
    private final Vertx vertx;
    private final ApiKeyVerifier apiKeys;
    private final Cache<String, VerifiedToken> verified;

    public EdgeAuthenticator(JWTParser parser, RevocationRegistry revocations, PublicPaths publicPaths, Vertx vertx,
            ApiKeyVerifier apiKeys, EdgeAuthConfig config) {
        this.parser = parser;
        this.revocations = revocations;
        this.publicPaths = publicPaths;
        this.vertx = vertx;
        this.apiKeys = apiKeys;
        this.verified = Caffeine.newBuilder().maximumSize(config.verifiedTokenCache())
                .expireAfterWrite(config.verifiedTokenTtl()).build();
    }

    /**
     * The caller of the request; fails with {@link EdgeAuthenticationException} when the path needs a credential
     * and the request has no valid one, or with a {@link ProblemException} when identity-service cannot check an
     * API key. On a public path a missing or bad credential makes the caller anonymous.
     */
    public Future<EdgePrincipal> authenticate(HttpServerRequest request, String clientAddress) {
        boolean open = publicPaths.isPublic(request.method(), request.path());
        String authorization = request.getHeader(HttpHeaders.AUTHORIZATION);
        if (authorization == null || !authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return open ? Future.succeededFuture(EdgePrincipal.anonymous(clientAddress))
                    : Future.failedFuture(new EdgeAuthenticationException("A bearer token (JWT or API key) is required."));
        }
        String token = authorization.substring(BEARER.length()).trim();
        if (ApiKeyFormat.looksLikeKey(token)) {
            return apiKey(token).recover(e -> open && !(e instanceof ProblemException)
                    ? Future.succeededFuture(EdgePrincipal.anonymous(clientAddress))
                    : Future.failedFuture(e));
        }
        VerifiedToken cached = verified.getIfPresent(token);
        // A cache miss may make smallrye-jwt fetch the JWKS over blocking I/O: keep that off the event loop.
        Future<VerifiedToken> verification = cached != null ? Future.succeededFuture(cached)
                : vertx.executeBlocking(() -> verify(token), false);
        return verification.map(this::accept).recover(e -> open
                ? Future.succeededFuture(EdgePrincipal.anonymous(clientAddress))
                : Future.failedFuture(e instanceof EdgeAuthenticationException ? e
                        : new EdgeAuthenticationException("The bearer token is not valid.")));
    }

    private Future<EdgePrincipal> apiKey(String key) {
        return Future.fromCompletionStage(apiKeys.verify(key).subscribeAsCompletionStage()).recover(e -> Future
                .failedFuture(e instanceof ProblemException ? e
                        : ProblemException.unavailable("identity-service could not check the API key.")))
                .map(owner -> {
                    ApiKeyOwner found = owner.orElseThrow(
                            () -> new EdgeAuthenticationException("The API key is not valid."));
                    if (revocations.isApiKeyRevoked(found.apiKeyId())
                            || (found.expiresAt() != null && !Instant.now().isBefore(found.expiresAt()))) {
                        throw new EdgeAuthenticationException("The API key was revoked or has expired.");
                    }
                    return new EdgePrincipal(found.username(), authority(found.roles(), found.servers() != null), false,
                            found.servers(), null);
                });
    }

    private VerifiedToken verify(String token) throws ParseException {
        JsonWebToken jwt = parser.parse(token);
        String grantId = ClaimValues.text(jwt.getClaim(OAuthTokens.GRANT_ID_CLAIM));
        Set<String> servers = grantId != null ? OAuthTokens.servers(ClaimValues.text(jwt.getClaim(OAuthTokens.SCOPE_CLAIM)))
                : ClaimValues.names(jwt.getClaim(DelegatedTokenAugmentor.SERVERS_CLAIM));
        Set<String> audience = grantId == null ? null : jwt.getAudience() == null ? Set.of() : jwt.getAudience();
        VerifiedToken result = new VerifiedToken(jwt.getTokenID(), jwt.getSubject(), jwt.getName(),
                authority(jwt.getGroups(), servers != null || grantId != null),
                Instant.ofEpochSecond(jwt.getIssuedAtTime()),
                Instant.ofEpochSecond(jwt.getExpirationTime()), grantId, servers, audience);
        verified.put(token, result);
        return result;
    }

    /**
     * What the credential may do at the edge: a server-scoped one (an API key with servers, a token carrying a
     * servers claim) and an OAuth access token have only {@link Roles#SCOPED_KEY}, whatever its owner's roles, so an admin's scoped key neither
     * passes maintenance mode nor gets the admin rate limit. The services apply the same rule (platform
     * ScopedCredentials).
     */
    private static Set<String> authority(Set<String> roles, boolean scoped) {
        return scoped ? Set.of(Roles.SCOPED_KEY) : Set.copyOf(roles);
    }

    private EdgePrincipal accept(VerifiedToken token) {
        if (!Instant.now().isBefore(token.expiresAt())) {
            throw new EdgeAuthenticationException("The bearer token has expired.");
        }
        if (revocations.isTokenRevoked(token.jti()) || revocations.isUserRevoked(token.subject(), token.issuedAt())
                || revocations.isGrantRevoked(token.grantId())) {
            throw new EdgeAuthenticationException("The bearer token was revoked.");
        }
        return new EdgePrincipal(token.username() != null ? token.username() : token.subject(), token.roles(), false,
                token.servers(), token.audience());
    }
}
