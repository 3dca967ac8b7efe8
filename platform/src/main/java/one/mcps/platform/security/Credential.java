package one.mcps.platform.security;

import java.time.Instant;

import org.eclipse.microprofile.jwt.JsonWebToken;

import io.quarkus.security.identity.SecurityIdentity;
import one.mcps.platform.events.Revocation;

/**
 * What a caller authenticated with, as far as a revocation can name it: a JWT's id, its user and issue time, the API
 * key it is or stands for, the OAuth grant it was issued under, and when it expires. Kept with whatever outlives the
 * request that authenticated (an open stream, a socket), so that it ends when its credential does.
 *
 * @param jti the JWT's id; null for an API key
 * @param userId the user ({@code sub}, or the key's owner)
 * @param issuedAt when the JWT was issued; null for an API key
 * @param expiresAt when the credential stops working; null for an API key without expiry
 * @param apiKeyId the API key it is, or a delegated token stands for; else null
 * @param grantId the OAuth grant of an OAuth access token; else null
 */
public record Credential(String jti, String userId, Instant issuedAt, Instant expiresAt, String apiKeyId,
        String grantId) {

    /** The credential of an authenticated identity: a JWT's claims, or an API key's attributes; null otherwise. */
    public static Credential of(SecurityIdentity identity) {
        if (identity.getPrincipal() instanceof JsonWebToken jwt) {
            return new Credential(jwt.getTokenID(), jwt.getSubject(), Instant.ofEpochSecond(jwt.getIssuedAtTime()),
                    Instant.ofEpochSecond(jwt.getExpirationTime()),
                    ClaimValues.text(jwt.getClaim(DelegatedTokenAugmentor.API_KEY_ID_CLAIM)),
                    ClaimValues.text(jwt.getClaim(OAuthTokens.GRANT_ID_CLAIM)));
        }
        String apiKeyId = identity.getAttribute(Caller.API_KEY_ID);
        return apiKeyId == null ? null : new Credential(null, identity.getAttribute(Caller.USER_ID), null,
                identity.getAttribute(Caller.API_KEY_EXPIRES_AT), apiKeyId, null);
    }

    public boolean isApiKey() {
        return jti == null && apiKeyId != null;
    }

    /** True once it has expired. */
    public boolean expired(Instant now) {
        return expiresAt != null && !now.isBefore(expiresAt);
    }

    /** Why this revocation ends the credential ({@code token revoked}, {@code api key revoked}), or null. */
    public String revokedBy(Revocation revocation) {
        return switch (String.valueOf(revocation.kind())) {
            case Revocation.TOKEN -> jti != null && jti.equals(revocation.jti()) ? "token revoked" : null;
            case Revocation.API_KEY -> apiKeyId != null && apiKeyId.equals(revocation.apiKeyId())
                    ? isApiKey() ? "api key revoked" : "token revoked" : null;
            case Revocation.USER -> !isApiKey() && userId != null && userId.equals(revocation.userId())
                    && revocation.issuedBefore() != null && issuedAt != null
                    && !issuedAt.isAfter(revocation.issuedBefore()) ? "token revoked" : null;
            case Revocation.GRANT -> grantId != null && grantId.equals(revocation.grantId()) ? "grant revoked" : null;
            default -> null;
        };
    }
}
