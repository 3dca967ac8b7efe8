package one.mcps.identity.tokens;

/** A short-lived access token for a user, issued to a service acting for them. */
public record OnBehalfTokenResponse(String accessToken, long expiresIn) {
}
