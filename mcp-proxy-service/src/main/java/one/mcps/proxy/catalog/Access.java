package one.mcps.proxy.catalog;

import java.util.List;

import one.mcps.platform.security.Caller;
import one.mcps.platform.security.Roles;

/**
 * Who may see and call a server's tools: the API key's server list (if any) must name it, and the caller needs one
 * of the tool's {@code allowed_roles}, or any platform role when the tool names none. Admins and other services
 * (tool-service's scheduled tool calls) pass the role check.
 */
public final class Access {

    private static final List<String> USER_ROLES = List.of(Roles.OPERATOR, Roles.VIEWER);

    private Access() {
    }

    public static boolean mayUse(Caller caller, String server, List<String> allowedRoles) {
        if (!caller.mayUseServer(server)) {
            return false;
        }
        if (caller.roles().contains(Roles.ADMIN) || caller.roles().contains(Roles.SERVICE)) {
            return true;
        }
        List<String> needed = allowedRoles.isEmpty() ? USER_ROLES : allowedRoles;
        return needed.stream().anyMatch(caller.roles()::contains);
    }

    /** Whether the caller may use the MCP endpoints at all (a token with no platform role may not). */
    public static boolean mayConnect(Caller caller) {
        return caller.roles().contains(Roles.ADMIN) || caller.roles().contains(Roles.SERVICE)
                || USER_ROLES.stream().anyMatch(caller.roles()::contains);
    }
}
