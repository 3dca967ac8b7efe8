package one.mcps.gateway.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.jwt.JsonWebToken;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import io.smallrye.jwt.auth.principal.JWTParser;
import io.smallrye.jwt.auth.principal.ParseException;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import one.mcps.platform.security.RevocationRegistry;

/**
 * Checks the bearer credential of a forwarded request at the edge, without calling identity-service: a JWT against
 * identity's JWKS (smallrye-jwt) and the revocations heard on Kafka; an API key ({@code mcps_...}) is let through
 * to the services, which verify it. Verified JWTs are remembered by their text for a short while so a busy client
 * costs one signature check, not one per request; the revocation check still runs every time.
 */
@ApplicationScoped
public class EdgeAuthenticator {

    private static final String BEARER = "Bearer ";

    private record VerifiedToken(String jti, String subject, String username, Set<String> roles, Instant issuedAt,
            Instant expiresAt) {
    }

    private final JWTParser parser;
    private final RevocationRegistry revocations;
    private final PublicPaths publicPaths;
    private final Vertx vertx;
    private final String apiKeyPrefix;
    private final Cache<String, VerifiedToken> verified;

    public EdgeAuthenticator(JWTParser parser, RevocationRegistry revocations, PublicPaths publicPaths, Vertx vertx,
            EdgeAuthConfig config) {
        this.parser = parser;
        this.revocations = revocations;
        this.publicPaths = publicPaths;
        this.vertx = vertx;
        this.apiKeyPrefix = config.apiKeyPrefix();
        this.verified = Caffeine.newBuilder().maximumSize(config.verifiedTokenCache())
                .expireAfterWrite(config.verifiedTokenTtl()).build();
    }

    /**
     * The caller of the request; fails with {@link EdgeAuthenticationException} when the path needs a credential
     * and the request has no valid one. On a public path a missing or bad credential makes the caller anonymous.
     */
    public Future<EdgePrincipal> authenticate(HttpServerRequest request, String clientAddress) {
        boolean open = publicPaths.isPublic(request.method(), request.path());
        String authorization = request.getHeader(HttpHeaders.AUTHORIZATION);
        if (authorization == null || !authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return open ? Future.succeededFuture(EdgePrincipal.anonymous(clientAddress))
                    : Future.failedFuture(new EdgeAuthenticationException("A bearer token (JWT or API key) is required."));
        }
        String token = authorization.substring(BEARER.length()).trim();
        if (token.startsWith(apiKeyPrefix)) {
            return Future.succeededFuture(new EdgePrincipal("key:" + fingerprint(token), Set.of(), false));
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

    private VerifiedToken verify(String token) throws ParseException {
        JsonWebToken jwt = parser.parse(token);
        VerifiedToken result = new VerifiedToken(jwt.getTokenID(), jwt.getSubject(), jwt.getName(),
                Set.copyOf(jwt.getGroups()), Instant.ofEpochSecond(jwt.getIssuedAtTime()),
                Instant.ofEpochSecond(jwt.getExpirationTime()));
        verified.put(token, result);
        return result;
    }

    private EdgePrincipal accept(VerifiedToken token) {
        if (!Instant.now().isBefore(token.expiresAt())) {
            throw new EdgeAuthenticationException("The bearer token has expired.");
        }
        if (revocations.isTokenRevoked(token.jti()) || revocations.isUserRevoked(token.subject(), token.issuedAt())) {
            throw new EdgeAuthenticationException("The bearer token was revoked.");
        }
        return new EdgePrincipal(token.username(), token.roles(), false);
    }

    /** Names an API key in logs and rate limits without revealing it. */
    private static String fingerprint(String key) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
