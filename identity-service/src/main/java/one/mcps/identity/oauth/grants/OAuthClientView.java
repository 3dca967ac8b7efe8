package one.mcps.identity.oauth.grants;

import java.time.Instant;
import java.util.List;

/**
 * An OAuth client as {@code GET /api/v1/auth/oauth/clients} shows it.
 *
 * @param kind {@code registered} (Dynamic Client Registration) or {@code metadata_document} (its id is the URL of
 *        its Client ID Metadata Document)
 * @param redirectUris a registered client's redirect URIs; null for a metadata-document client (its document says)
 * @param registeredAt when a registered client registered; null for a metadata-document client
 * @param grants how many live grants (users' consents) in the listing name it
 * @param lastUsedAt the last time one of those grants issued a token
 */
public record OAuthClientView(String clientId, String clientName, String kind, List<String> redirectUris,
        Instant registeredAt, int grants, Instant lastUsedAt) {

    public static final String REGISTERED = "registered";
    public static final String METADATA_DOCUMENT = "metadata_document";
}
