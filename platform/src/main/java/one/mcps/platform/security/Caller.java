package one.mcps.platform.security;

import java.util.Set;

import org.eclipse.microprofile.jwt.JsonWebToken;

import io.quarkus.security.identity.SecurityIdentity;

/**
 * Who is calling, whichever way they authenticated (a JWT or an API key), in the terms every service needs.
 * API-key identities carry the attributes {@link #API_KEY_ID} and, when the key is scoped to some MCP servers,
 * {@link #SERVERS}.
 *
 * @param userId the user's id ({@code sub}); for a service token, the client id
 * @param username the user's name ({@code upn})
 * @param roles the roles ({@code groups})
 * @param apiKeyId the API key's id when the caller used one, else null
 * @param servers the MCP servers an API key is limited to, or null when not limited
 */
public record Caller(String userId, String username, Set<String> roles, String apiKeyId, Set<String> servers) {

    /** Identity attribute: the id of the API key the caller authenticated with. */
    public static final String API_KEY_ID = "mcps.api_key_id";
    /** Identity attribute ({@code Set<String>}): the MCP servers an API key is limited to. */
    public static final String SERVERS = "mcps.servers";
    /** Identity attribute: the user id behind an API key (a JWT has it as {@code sub}). */
    public static final String USER_ID = "mcps.user_id";

    @SuppressWarnings("unchecked")
    public static Caller of(SecurityIdentity identity) {
        if (identity == null || identity.isAnonymous()) {
            return new Caller(null, null, Set.of(), null, null);
        }
        String userId = identity.getPrincipal() instanceof JsonWebToken jwt ? jwt.getSubject()
                : identity.getAttribute(USER_ID);
        return new Caller(userId, identity.getPrincipal().getName(), Set.copyOf(identity.getRoles()),
                identity.getAttribute(API_KEY_ID), (Set<String>) identity.getAttribute(SERVERS));
    }

    public boolean isAnonymous() {
        return username == null;
    }

    public boolean hasRole(String role) {
        return roles.contains(role) || roles.contains(Roles.ADMIN);
    }

    /** True when an API key's server list (if any) allows this MCP server. */
    public boolean mayUseServer(String server) {
        return servers == null || servers.contains(server);
    }
}
