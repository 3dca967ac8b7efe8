package one.mcps.platform.security;

import java.util.Objects;
import java.util.Set;

import org.eclipse.microprofile.jwt.JsonWebToken;

import io.quarkus.security.identity.SecurityIdentity;

/**
 * Who is calling, whichever way they authenticated (a JWT or an API key), in the terms every service needs.
 * A server-scoped credential's identity has the single role {@link Roles#SCOPED_KEY} and keeps its owner's roles in
 * {@link #USER_ROLES} (see {@link ScopedCredentials}).
 *
 * @param userId the user's id ({@code sub}); for a service token, the client id
 * @param username the user's name ({@code upn})
 * @param roles the person's roles ({@code groups}; a scoped credential's owner's roles): what a tool's
 *        {@code allowed_roles} is matched against
 * @param apiKeyId the API key's id when the caller used one (or a token issued on behalf of one), else null
 * @param servers the MCP servers the credential is limited to, or null when not limited
 */
public record Caller(String userId, String username, Set<String> roles, String apiKeyId, Set<String> servers) {

    /** Identity attribute: the id of the API key the caller authenticated with. */
    public static final String API_KEY_ID = "mcps.api_key_id";
    /** Identity attribute ({@code Set<String>}): the MCP servers a scoped credential is limited to. */
    public static final String SERVERS = "mcps.servers";
    /** Identity attribute: the user id behind an API key (a JWT has it as {@code sub}). */
    public static final String USER_ID = "mcps.user_id";
    /** Identity attribute ({@code Set<String>}): the owner's roles behind a scoped credential. */
    public static final String USER_ROLES = "mcps.user_roles";

    @SuppressWarnings("unchecked")
    public static Caller of(SecurityIdentity identity) {
        if (identity == null || identity.isAnonymous()) {
            return new Caller(null, null, Set.of(), null, null);
        }
        String userId = identity.getPrincipal() instanceof JsonWebToken jwt ? jwt.getSubject()
                : identity.getAttribute(USER_ID);
        Set<String> userRoles = identity.getAttribute(USER_ROLES);
        return new Caller(userId, identity.getPrincipal().getName(),
                Set.copyOf(userRoles != null ? userRoles : identity.getRoles()), identity.getAttribute(API_KEY_ID),
                (Set<String>) identity.getAttribute(SERVERS));
    }

    public boolean isAnonymous() {
        return username == null;
    }

    /** True when the credential is limited to some MCP servers. */
    public boolean scoped() {
        return servers != null;
    }

    /**
     * The credential's authority for platform decisions (admin passes every role). Always false for a scoped
     * credential: outside the MCP surface it may do nothing its owner's roles would allow.
     */
    public boolean hasRole(String role) {
        return !scoped() && (roles.contains(role) || roles.contains(Roles.ADMIN));
    }

    /** True when the credential's server list (if any) allows this MCP server. */
    public boolean mayUseServer(String server) {
        return servers == null || servers.contains(server);
    }

    /** True when both are the same credential: the same user through the same API key (or both without one). */
    public boolean sameCredential(Caller other) {
        return other != null && Objects.equals(userId, other.userId) && Objects.equals(apiKeyId, other.apiKeyId);
    }
}
