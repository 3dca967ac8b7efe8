package one.mcps.identity.auth;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;

import one.mcps.identity.users.User;
import one.mcps.platform.security.Caller;

/**
 * The caller's own account. {@code api_key_id} and {@code servers} appear when the caller used an API key (servers
 * only when the key is limited to some); {@code roles} are those the caller holds now.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record MeView(UUID id, String username, String email, List<String> roles, Instant createdAt,
        Instant lastLoginAt, String apiKeyId, Set<String> servers) {

    public static MeView of(User user, Caller caller) {
        return new MeView(user.id, user.username, user.email, List.of(user.roles), user.createdAt, user.lastLoginAt,
                caller.apiKeyId(), caller.servers());
    }
}
