package one.mcps.platform.security;

import java.util.LinkedHashSet;
import java.util.Set;

/**
 * What an OAuth access token issued by identity-service (the MCP authorization server) says beyond a platform
 * token: the client it was issued to, the grant (a user's consent to that client) it belongs to, its scopes, and in
 * {@code aud} the MCP resource it may be presented to.
 */
public final class OAuthTokens {

    public static final String CLIENT_ID_CLAIM = "client_id";
    public static final String GRANT_ID_CLAIM = "grant_id";
    public static final String SCOPE_CLAIM = "scope";
    /** Every MCP server the user may use. */
    public static final String SCOPE_MCP = "mcp";
    /** {@code mcp:{server}}: one MCP server, like a scoped API key. */
    public static final String SCOPE_SERVER_PREFIX = "mcp:";

    private OAuthTokens() {
    }

    /**
     * The MCP servers a space-separated scope list limits a token to: null when it holds {@value #SCOPE_MCP} (not
     * limited), else the servers of its {@code mcp:{server}} scopes (empty when it has none: no server at all).
     */
    public static Set<String> servers(String scope) {
        Set<String> servers = new LinkedHashSet<>();
        for (String one : scope == null ? new String[0] : scope.trim().split("\\s+")) {
            if (one.equals(SCOPE_MCP)) {
                return null;
            }
            if (one.startsWith(SCOPE_SERVER_PREFIX) && one.length() > SCOPE_SERVER_PREFIX.length()) {
                servers.add(one.substring(SCOPE_SERVER_PREFIX.length()));
            }
        }
        return servers;
    }
}
