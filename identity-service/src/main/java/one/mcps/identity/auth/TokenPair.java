package one.mcps.identity.auth;

/** What login and refresh answer, in OAuth2's field names. */
public record TokenPair(String accessToken, String refreshToken, String tokenType, long expiresIn) {

    public static final String BEARER = "Bearer";
}
