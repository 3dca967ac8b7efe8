package one.mcps.tools.registry;

import java.util.List;

import one.mcps.platform.security.Caller;
import one.mcps.platform.security.Roles;

/**
 * Who may use a tool (call it, see what its calls returned): the rule mcp-proxy applies to its catalog, here for
 * what tool-service shows and runs on a user's behalf ({@code tool.call} tasks). The credential's server scope must
 * name the tool; then an admin may, anyone else needs one of the tool's {@code allowed_roles}, or any user role when
 * it names none. Roles are the person's ({@link Caller#roles()}: a scoped key's owner's), so a scoped key of an
 * admin reaches exactly its servers.
 */
public final class ToolAccess {

    private static final List<String> USER_ROLES = List.of(Roles.OPERATOR, Roles.VIEWER);

    private ToolAccess() {
    }

    public static boolean mayUse(Caller caller, Tool tool) {
        if (caller.isAnonymous() || !caller.mayUseServer(tool.name)) {
            return false;
        }
        if (caller.roles().contains(Roles.ADMIN)) {
            return true;
        }
        List<String> needed = tool.allowedRoles.isEmpty() ? USER_ROLES : tool.allowedRoles;
        return needed.stream().anyMatch(caller.roles()::contains);
    }
}
