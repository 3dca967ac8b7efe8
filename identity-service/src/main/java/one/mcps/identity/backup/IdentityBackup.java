package one.mcps.identity.backup;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;

import one.mcps.identity.apikeys.ApiKey;
import one.mcps.identity.users.User;

/**
 * identity-service's part of a platform backup: users (with password hashes) and API keys (with key hashes).
 * observability-service fetches it from {@code GET /internal/export} and sends it back to {@code POST
 * /internal/import}.
 */
public record IdentityBackup(@NotBlank String service, @NotNull List<@Valid @NotNull UserEntry> users,
        @NotNull List<@Valid @NotNull ApiKeyEntry> apiKeys) {

    public static final String SERVICE = "identity-service";

    public record UserEntry(@NotNull UUID id, @NotBlank String username, @NotBlank String email,
            @NotBlank String passwordHash, @NotNull List<String> roles, boolean enabled, Instant createdAt,
            Instant updatedAt, Instant lastLoginAt) {

        static UserEntry of(User user) {
            return new UserEntry(user.id, user.username, user.email, user.passwordHash, List.of(user.roles),
                    user.enabled, user.createdAt, user.updatedAt, user.lastLoginAt);
        }

        void copyTo(User user) {
            user.id = id;
            user.username = username;
            user.email = email;
            user.passwordHash = passwordHash;
            user.roles = roles.toArray(String[]::new);
            user.enabled = enabled;
            user.createdAt = createdAt == null ? Instant.now() : createdAt;
            user.updatedAt = updatedAt == null ? user.createdAt : updatedAt;
            user.lastLoginAt = lastLoginAt;
        }
    }

    public record ApiKeyEntry(@NotNull UUID id, @NotNull UUID userId, @NotBlank String name,
            @NotBlank String keyHash, @NotBlank String prefix, List<String> servers, Instant expiresAt,
            Instant revokedAt, Instant createdAt, Instant lastUsedAt) {

        static ApiKeyEntry of(ApiKey key) {
            return new ApiKeyEntry(key.id, key.userId, key.name, key.keyHash, key.prefix,
                    key.servers == null ? null : List.of(key.servers), key.expiresAt, key.revokedAt, key.createdAt,
                    key.lastUsedAt);
        }

        void copyTo(ApiKey key) {
            key.id = id;
            key.userId = userId;
            key.name = name;
            key.keyHash = keyHash;
            key.prefix = prefix;
            key.servers = servers == null ? null : servers.toArray(String[]::new);
            key.expiresAt = expiresAt;
            key.revokedAt = revokedAt;
            key.createdAt = createdAt == null ? Instant.now() : createdAt;
            key.lastUsedAt = lastUsedAt;
        }
    }
}
