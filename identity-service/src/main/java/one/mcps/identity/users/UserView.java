package one.mcps.identity.users;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A user as the API shows it; never the password hash. */
public record UserView(UUID id, String username, String email, List<String> roles, boolean enabled,
        Instant createdAt, Instant updatedAt, Instant lastLoginAt) {

    public static UserView of(User user) {
        return new UserView(user.id, user.username, user.email, List.of(user.roles), user.enabled, user.createdAt,
                user.updatedAt, user.lastLoginAt);
    }
}
