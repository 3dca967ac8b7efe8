package one.mcps.identity.tokens;

import java.time.Instant;

/** A signed access token with the claims the issuer needs to remember (its id and expiry). */
public record IssuedToken(String value, String jti, Instant expiresAt) {
}
