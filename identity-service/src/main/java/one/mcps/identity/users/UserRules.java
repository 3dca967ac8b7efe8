package one.mcps.identity.users;

import java.util.List;
import java.util.Set;

import one.mcps.platform.errors.ProblemException;
import one.mcps.platform.security.Roles;

/** What a username and a user's roles may be. */
public final class UserRules {

    public static final String USERNAME = "^[A-Za-z0-9][A-Za-z0-9._-]{2,63}$";
    public static final String USERNAME_MESSAGE = "must be 3 to 64 letters, digits, dots, dashes or underscores";
    /** Roles a person may hold; {@code service} belongs to client-credentials tokens only. */
    public static final Set<String> USER_ROLES = Set.of(Roles.ADMIN, Roles.OPERATOR, Roles.VIEWER);

    private UserRules() {
    }

    /** The roles, de-duplicated, or a field error naming the first unknown one. */
    public static String[] checkRoles(List<String> roles) {
        for (int i = 0; i < roles.size(); i++) {
            if (!USER_ROLES.contains(roles.get(i))) {
                throw ProblemException.invalidField("roles[" + i + "]",
                        "must be one of " + String.join(", ", USER_ROLES.stream().sorted().toList()));
            }
        }
        return roles.stream().distinct().sorted().toArray(String[]::new);
    }
}
