package one.mcps.identity.tokens;

/** OAuth2's token response for client credentials (no refresh token). */
public record ServiceTokenResponse(String accessToken, String tokenType, long expiresIn) {
}
