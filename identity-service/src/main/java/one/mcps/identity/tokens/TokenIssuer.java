package one.mcps.identity.tokens;

import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.jwt.Claims;

import io.smallrye.jwt.build.Jwt;
import one.mcps.platform.security.Roles;

/** Signs the platform's RS256 access tokens: {@code iss}, {@code sub}, {@code upn}, {@code groups}, {@code jti}. */
@ApplicationScoped
public class TokenIssuer {

    private final SigningKeys keys;
    private final String issuer;
    private final Duration accessTtl;
    private final Duration serviceTtl;

    public TokenIssuer(SigningKeys keys, @ConfigProperty(name = "mp.jwt.verify.issuer") String issuer,
            @ConfigProperty(name = "mcps.jwt.access-ttl") Duration accessTtl,
            @ConfigProperty(name = "mcps.jwt.service-ttl") Duration serviceTtl) {
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
        Instant now = Instant.now();
        Instant issuedAt = notBefore != null && !now.isAfter(notBefore.plusSeconds(1)) ? notBefore.plusSeconds(1) : now;
        return sign(userId.toString(), username, roles, issuedAt, issuedAt.plus(accessTtl));
    }

    /** A client-credentials token for another service's {@code /internal/**} calls. */
    public IssuedToken serviceToken(String clientId) {
        Instant now = Instant.now();
        return sign(clientId, clientId, Set.of(Roles.SERVICE), now, now.plus(serviceTtl));
    }

    public Duration accessTtl() {
        return accessTtl;
    }

    private IssuedToken sign(String subject, String username, Set<String> groups, Instant issuedAt,
            Instant expiresAt) {
        String jti = UUID.randomUUID().toString();
        String value = Jwt.issuer(issuer)
                .subject(subject)
                .upn(username)
                .groups(groups)
                .claim(Claims.jti, jti)
                .issuedAt(issuedAt)
                .expiresAt(expiresAt)
                .jws().keyId(keys.keyId())
                .sign(keys.privateKey());
        return new IssuedToken(value, jti, expiresAt);
    }
}
