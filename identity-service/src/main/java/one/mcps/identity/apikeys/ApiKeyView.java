package one.mcps.identity.apikeys;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;

/** An API key as listed; {@code key} is present only in the answer that created it. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ApiKeyView(UUID id, UUID userId, String name, String key, String prefix, List<String> servers,
        Instant expiresAt, Instant revokedAt, Instant createdAt, Instant lastUsedAt) {

    public static ApiKeyView of(ApiKey key) {
        return withSecret(key, null);
    }

    public static ApiKeyView withSecret(ApiKey key, String secret) {
        return new ApiKeyView(key.id, key.userId, key.name, secret, key.prefix,
                key.servers == null ? null : List.of(key.servers), key.expiresAt, key.revokedAt, key.createdAt,
                key.lastUsedAt);
    }
}
