package one.mcps.platform.security;

import java.time.Instant;
import java.util.Set;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Who an API key belongs to and what it may do, as identity-service answers {@code POST /internal/api-keys/verify}.
 *
 * @param userId the owner's id
 * @param username the owner's name (the principal name of the resulting identity)
 * @param roles the owner's roles
 * @param apiKeyId the key's id
 * @param servers the MCP servers the key is limited to, or null when not limited
 * @param expiresAt when the key stops working, or null
 */
@RegisterForReflection
public record ApiKeyOwner(String userId, String username, Set<String> roles, String apiKeyId, Set<String> servers,
        Instant expiresAt) {
}
