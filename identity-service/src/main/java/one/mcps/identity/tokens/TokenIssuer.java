package one.mcps.identity.tokens;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.jwt.Claims;

import io.smallrye.jwt.build.Jwt;
import io.smallrye.jwt.build.JwtClaimsBuilder;
import one.mcps.platform.security.DelegatedTokenAugmentor;
import one.mcps.platform.security.OAuthTokens;
import one.mcps.platform.security.Roles;

/** Signs the platform's RS256 access tokens: {@code iss}, {@code sub}, {@code upn}, {@code groups}, {@code jti}. */
@ApplicationScoped
public class TokenIssuer {

    private final SigningKeys keys;
    private final String issuer;
    private final Duration accessTtl;
    private final Duration serviceTtl;
    private final Duration onBehalfTtl;

    public TokenIssuer(SigningKeys keys, @ConfigProperty(name = "mp.jwt.verify.issuer") String issuer,
            @ConfigProperty(name = "mcps.jwt.access-ttl") Duration accessTtl,
            @ConfigProperty(name = "mcps.jwt.service-ttl") Duration serviceTtl,
            @ConfigProperty(name = "mcps.jwt.on-behalf-ttl") Duration onBehalfTtl) {
        this.onBehalfTtl = onBehalfTtl;
        this.keys = keys;
        this.issuer = issuer;
        this.accessTtl = accessTtl;
        this.serviceTtl = serviceTtl;
    }

    /**
     * A user's access token. {@code notBefore} is the user's last revocation cut-off: revocations cover tokens
     * issued at or before it (whole seconds), so a new token is dated at least one second after it.
     */
    public IssuedToken userToken(UUID userId, String username, Set<String> roles, Instant notBefore) {
        Instant issuedAt = issuedAt(notBefore);
        return sign(userId.toString(), username, roles, issuedAt, issuedAt.plus(accessTtl), Map.of());
    }

    /**
     * A short-lived access token a service (tool-service running a task) acts with on a user's behalf: the user's
     * current roles and, when the work was started with an API key, that key's id ({@code api_key_id}) and server
     * scope ({@code servers}), which the platform turns into a scoped identity. It never outlives the key.
     */
    public IssuedToken onBehalfToken(UUID userId, String username, Set<String> roles, Instant notBefore,
            String apiKeyId, Set<String> servers, Instant keyExpiresAt) {
        Instant issuedAt = issuedAt(notBefore);
        Instant expiresAt = issuedAt.plus(onBehalfTtl);
        if (keyExpiresAt != null && keyExpiresAt.isBefore(expiresAt)) {
            expiresAt = keyExpiresAt;
        }
        Map<String, Object> claims = new HashMap<>();
        if (apiKeyId != null) {
            claims.put(DelegatedTokenAugmentor.API_KEY_ID_CLAIM, apiKeyId);
        }
        if (servers != null) {
            claims.put(DelegatedTokenAugmentor.SERVERS_CLAIM, List.copyOf(new TreeSet<>(servers)));
        }
        return sign(userId.toString(), username, roles, issuedAt, expiresAt, claims);
    }

    /**
     * An OAuth access token for an MCP client: the user's current roles, bound to {@code audience} (the resource the
     * client asked for) and its scopes, naming the client and the grant (see platform {@code OAuthTokens}). Every
     * service refuses it once the grant is revoked, and lets it use only the MCP surface.
     */
    public IssuedToken oauthToken(UUID userId, String username, Set<String> roles, Instant notBefore,
            String audience, String scope, String clientId, UUID grantId) {
        Instant issuedAt = issuedAt(notBefore);
        Map<String, Object> claims = new HashMap<>();
        claims.put(Claims.aud.name(), audience);
        claims.put(OAuthTokens.SCOPE_CLAIM, scope);
        claims.put(OAuthTokens.CLIENT_ID_CLAIM, clientId);
        claims.put(OAuthTokens.GRANT_ID_CLAIM, grantId.toString());
        return sign(userId.toString(), username, roles, issuedAt, issuedAt.plus(accessTtl), claims);
    }

    /** A client-credentials token for another service's {@code /internal/**} calls. */
    public IssuedToken serviceToken(String clientId) {
        Instant now = Instant.now();
        return sign(clientId, clientId, Set.of(Roles.SERVICE), now, now.plus(serviceTtl), Map.of());
    }

    public Duration accessTtl() {
        return accessTtl;
    }

    public Duration onBehalfTtl() {
        return onBehalfTtl;
    }

    private static Instant issuedAt(Instant notBefore) {
        Instant now = Instant.now();
        return notBefore != null && !now.isAfter(notBefore.plusSeconds(1)) ? notBefore.plusSeconds(1) : now;
    }

    private IssuedToken sign(String subject, String username, Set<String> groups, Instant issuedAt,
            Instant expiresAt, Map<String, Object> extraClaims) {
        String jti = UUID.randomUUID().toString();
        JwtClaimsBuilder builder = Jwt.issuer(issuer)
                .subject(subject)
                .upn(username)
                .groups(groups)
                .claim(Claims.jti, jti)
                .issuedAt(issuedAt)
                .expiresAt(expiresAt);
        extraClaims.forEach(builder::claim);
        String value = builder.jws().keyId(keys.keyId()).sign(keys.privateKey());
        return new IssuedToken(value, jti, expiresAt);
    }
}
