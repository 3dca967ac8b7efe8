package one.mcps.identity.oauth.token;

/** RFC 6749 §5.1 (snake_case by the platform's JSON naming). */
public record OAuthTokenResponse(String accessToken, String tokenType, long expiresIn, String refreshToken,
        String scope) {
}
