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
 * @param audience the MCP resources (canonical URIs) an OAuth access token was issued for, or null for a credential
 *        bound to no resource (a platform login's token, an API key)
 * @param credential what it authenticated with, for what outlives the request (streams, sockets); null for a caller
 *        that did not authenticate with a token or key (anonymous, a task's own identity)
 */
public record Caller(String userId, String username, Set<String> roles, String apiKeyId, Set<String> servers,
        Set<String> audience, Credential credential) {

    /** Identity attribute: the id of the API key the caller authenticated with. */
    public static final String API_KEY_ID = "mcps.api_key_id";
    /** Identity attribute ({@code Set<String>}): the MCP servers a scoped credential is limited to. */
    public static final String SERVERS = "mcps.servers";
    /** Identity attribute: the user id behind an API key (a JWT has it as {@code sub}). */
    public static final String USER_ID = "mcps.user_id";
    /** Identity attribute ({@code Set<String>}): the owner's roles behind a scoped credential. */
    public static final String USER_ROLES = "mcps.user_roles";
    /** Identity attribute ({@code Set<String>}): the resources an OAuth access token is bound to. */
    public static final String AUDIENCE = "mcps.audience";
    /** Identity attribute ({@code Instant}): when the API key the caller authenticated with expires. */
    public static final String API_KEY_EXPIRES_AT = "mcps.api_key_expires_at";

    public Caller(String userId, String username, Set<String> roles, String apiKeyId, Set<String> servers) {
        this(userId, username, roles, apiKeyId, servers, null, null);
    }

    @SuppressWarnings("unchecked")
    public static Caller of(SecurityIdentity identity) {
        if (identity == null || identity.isAnonymous()) {
            return new Caller(null, null, Set.of(), null, null, null, null);
        }
        String userId = identity.getPrincipal() instanceof JsonWebToken jwt ? jwt.getSubject()
                : identity.getAttribute(USER_ID);
        Set<String> userRoles = identity.getAttribute(USER_ROLES);
        return new Caller(userId, identity.getPrincipal().getName(),
                Set.copyOf(userRoles != null ? userRoles : identity.getRoles()), identity.getAttribute(API_KEY_ID),
                (Set<String>) identity.getAttribute(SERVERS), (Set<String>) identity.getAttribute(AUDIENCE),
                Credential.of(identity));
    }

    public boolean isAnonymous() {
        return username == null;
    }

    /** True when the credential is limited to some MCP servers. */
    public boolean scoped() {
        return servers != null;
    }

    /** True when the credential may only use the MCP surface: a server-scoped one, or an OAuth access token. */
    public boolean mcpOnly() {
        return servers != null || audience != null;
    }

    /**
     * The credential's authority for platform decisions (admin passes every role). Always false for an MCP-only
     * credential: outside the MCP surface it may do nothing its owner's roles would allow.
     */
    public boolean hasRole(String role) {
        return !mcpOnly() && (roles.contains(role) || roles.contains(Roles.ADMIN));
    }

    /**
     * True when the credential may be presented to the MCP resource with this canonical URI: it is bound to no
     * resource, or to this one (RFC 8707; a token issued for one server is refused by another).
     */
    public boolean mayPresentTo(String resource) {
        return audience == null || audience.contains(resource);
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
