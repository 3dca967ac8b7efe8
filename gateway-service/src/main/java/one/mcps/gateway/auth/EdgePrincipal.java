package one.mcps.gateway.auth;

import java.util.Set;

import one.mcps.platform.security.Roles;

/**
 * Who a request through the gateway comes from, as far as the edge knows.
 *
 * @param name what the access log shows and the rate limit counts by: the username, {@code key:<id>} for an API
 *        key, or {@code anon:<address>}
 * @param roles the caller's roles (empty for anonymous callers and API keys not yet verified at the edge)
 * @param anonymous true when no valid credential came with the request
 * @param servers the MCP servers the credential is limited to, or null when not limited
 * @param audience the MCP resources an OAuth access token is bound to, or null for any other credential
 */
public record EdgePrincipal(String name, Set<String> roles, boolean anonymous, Set<String> servers,
        Set<String> audience) {

    public static EdgePrincipal anonymous(String address) {
        return new EdgePrincipal("anon:" + address, Set.of(), true, null, null);
    }

    public boolean isAdmin() {
        return roles.contains(Roles.ADMIN);
    }
}
