package one.mcps.platform.security;

import java.util.Optional;

import io.smallrye.mutiny.Uni;

/**
 * Checks an API key ({@code mcps_<key id>_<secret>}). Every service uses {@link RemoteApiKeyVerifier}, which asks
 * identity-service; identity-service provides its own bean reading its database, so it never calls itself.
 */
public interface ApiKeyVerifier {

    /** The key's owner, or empty when the key is unknown, revoked, expired or its owner is disabled. */
    Uni<Optional<ApiKeyOwner>> verify(String key);
}
