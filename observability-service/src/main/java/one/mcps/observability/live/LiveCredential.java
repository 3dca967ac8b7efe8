package one.mcps.observability.live;

import java.time.Instant;

import one.mcps.platform.events.Revocation;
import one.mcps.platform.security.Caller;

/**
 * What a live client authenticated with, kept for as long as its socket is open: what a revocation names (the
 * token's {@code jti}, the user, the API key) and when the credential expires.
 *
 * @param caller who it is
 * @param token the token as presented (an API key is re-checked with it after a revocation of its owner)
 * @param jti the JWT's id, null for an API key
 * @param issuedAt when the JWT was issued, null for an API key
 * @param expiresAt when the credential stops being valid, null when never (an API key without expiry)
 */
record LiveCredential(Caller caller, String token, String jti, Instant issuedAt, Instant expiresAt) {

    boolean apiKey() {
        return caller.apiKeyId() != null && jti == null;
    }

    /** The reason to close a socket held with this credential, or null when the revocation does not concern it. */
    String revokedBy(Revocation revocation) {
        return switch (String.valueOf(revocation.kind())) {
            case Revocation.TOKEN -> jti != null && jti.equals(revocation.jti()) ? "token revoked" : null;
            case Revocation.API_KEY -> apiKey() && caller.apiKeyId().equals(revocation.apiKeyId())
                    ? "api key revoked" : null;
            case Revocation.USER -> !apiKey() && caller.userId() != null
                    && caller.userId().equals(revocation.userId()) && revocation.issuedBefore() != null
                    && !issuedAt.isAfter(revocation.issuedBefore()) ? "token revoked" : null;
            default -> null;
        };
    }

    /** A revocation of the key's owner (disabled, deleted) may or may not end the key: identity-service decides. */
    boolean ownerRevokedBy(Revocation revocation) {
        return apiKey() && Revocation.USER.equals(revocation.kind()) && caller.userId() != null
                && caller.userId().equals(revocation.userId());
    }
}
