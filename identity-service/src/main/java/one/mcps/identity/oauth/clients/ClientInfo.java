package one.mcps.identity.oauth.clients;

import java.util.List;

/**
 * What the authorization server knows of a client: registered here (RFC 7591) or described by the metadata document
 * its client_id points to. All clients are public (no secret): PKCE and the exact redirect URI protect the code.
 */
public record ClientInfo(String clientId, String clientName, List<String> redirectUris) {

    /** The registered redirect URI {@code given} matches (RFC 8252 §7.3 lets a loopback one use any port). */
    public boolean allowsRedirect(String given) {
        return given != null && redirectUris.stream().anyMatch(registered -> RedirectUris.matches(registered, given));
    }
}
