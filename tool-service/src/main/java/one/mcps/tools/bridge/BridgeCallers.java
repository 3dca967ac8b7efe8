package one.mcps.tools.bridge;

import java.time.Duration;
import java.time.Instant;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.jwt.JsonWebToken;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import io.quarkus.security.identity.SecurityIdentity;
import one.mcps.platform.security.RevocationRegistry;

/**
 * Remembers bearer tokens the bridge has already verified, for a short while: the proxy sends the same service
 * token with thousands of calls a second, and verifying its RS256 signature each time would cost more than the
 * call itself. A remembered token is still refused once revoked or expired.
 */
@ApplicationScoped
public class BridgeCallers {

    /** What the bridge needs of a verified caller. */
    record Verified(Set<String> roles, String jti, String subject, Instant issuedAt, Instant expiresAt) {
    }

    private final Cache<String, Verified> verified;
    private final RevocationRegistry revocations;

    public BridgeCallers(RevocationRegistry revocations,
            @ConfigProperty(name = "mcps.tools.bridge.token-cache-ttl") Duration ttl,
            @ConfigProperty(name = "mcps.tools.bridge.token-cache-size") long size) {
        this.revocations = revocations;
        this.verified = Caffeine.newBuilder().expireAfterWrite(ttl).maximumSize(size).build();
    }

    /** The remembered caller for this Authorization header, if still valid. */
    Verified lookup(String authorization) {
        if (authorization == null) {
            return null;
        }
        Verified v = verified.getIfPresent(authorization);
        if (v == null) {
            return null;
        }
        if (Instant.now().isAfter(v.expiresAt()) || revocations.isTokenRevoked(v.jti())
                || revocations.isUserRevoked(v.subject(), v.issuedAt())) {
            verified.invalidate(authorization);
            return null;
        }
        return v;
    }

    /** Remembers a caller Quarkus has just authenticated with a JWT. */
    Verified remember(String authorization, SecurityIdentity identity) {
        if (authorization == null || !(identity.getPrincipal() instanceof JsonWebToken jwt)) {
            return null;
        }
        Verified v = new Verified(Set.copyOf(identity.getRoles()), jwt.getTokenID(), jwt.getSubject(),
                Instant.ofEpochSecond(jwt.getIssuedAtTime()), Instant.ofEpochSecond(jwt.getExpirationTime()));
        verified.put(authorization, v);
        return v;
    }
}
