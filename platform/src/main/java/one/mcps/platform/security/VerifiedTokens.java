package one.mcps.platform.security;

import java.time.Duration;
import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.jwt.JsonWebToken;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import io.quarkus.security.identity.SecurityIdentity;

/**
 * Bearer JWTs a service has already verified, remembered by their text for a short while. A hot path (an MCP client
 * sending thousands of calls a second with one token) would otherwise parse the token and check its RS256 signature
 * on every request, on a worker thread, which costs more than the request itself. A remembered token is refused as
 * soon as it expires or is revoked (the revocation registry is asked on every lookup), so caching changes only the
 * cost. API keys are not remembered here: their verifier has its own cache, evicted by revocations.
 */
@ApplicationScoped
public class VerifiedTokens {

    private final Cache<String, Caller> verified;
    private final RevocationRegistry revocations;

    public VerifiedTokens(RevocationRegistry revocations,
            @ConfigProperty(name = "mcps.security.verified-token-ttl", defaultValue = "60s") Duration ttl,
            @ConfigProperty(name = "mcps.security.verified-token-cache-size", defaultValue = "100000") long size) {
        this.revocations = revocations;
        this.verified = Caffeine.newBuilder().expireAfterWrite(ttl).maximumSize(size).build();
    }

    /** The caller of an {@code Authorization} header verified before and still valid; null otherwise. */
    public Caller lookup(String authorization) {
        if (authorization == null) {
            return null;
        }
        Caller caller = verified.getIfPresent(authorization);
        if (caller == null) {
            return null;
        }
        if (caller.credential().expired(Instant.now()) || revocations.isRevoked(caller.credential())) {
            verified.invalidate(authorization);
            return null;
        }
        return caller;
    }

    /** Remembers the caller of a header Quarkus has just authenticated, if it was a JWT; returns the caller. */
    public Caller remember(String authorization, SecurityIdentity identity) {
        Caller caller = Caller.of(identity);
        if (authorization != null && identity.getPrincipal() instanceof JsonWebToken && !caller.isAnonymous()) {
            verified.put(authorization, caller);
        }
        return caller;
    }
}
