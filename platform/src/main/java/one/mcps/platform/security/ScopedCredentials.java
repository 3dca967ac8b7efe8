package one.mcps.platform.security;

import java.util.Set;

import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;

/**
 * The one rule for server-scoped credentials, whichever way they arrive (an API key with {@code servers}, a token
 * issued on behalf of one): the identity gets the single role {@link Roles#SCOPED_KEY}, so every endpoint outside the
 * MCP surface refuses it by its ordinary {@code @RolesAllowed}, and the owner's roles are kept in
 * {@link Caller#USER_ROLES} for the MCP catalog's per-tool {@code allowed_roles}.
 */
public final class ScopedCredentials {

    private ScopedCredentials() {
    }

    /** A builder for the identity of a credential limited to {@code servers}; null servers means not limited. */
    static QuarkusSecurityIdentity.Builder builder(java.security.Principal principal, Set<String> userRoles,
            Set<String> servers) {
        QuarkusSecurityIdentity.Builder builder = QuarkusSecurityIdentity.builder().setPrincipal(principal);
        if (servers == null) {
            return builder.addRoles(userRoles);
        }
        return builder.addRole(Roles.SCOPED_KEY)
                .addAttribute(Caller.USER_ROLES, Set.copyOf(userRoles))
                .addAttribute(Caller.SERVERS, Set.copyOf(servers));
    }

    /** The same identity limited to {@code servers}: principal, credentials and attributes kept, roles replaced. */
    static SecurityIdentity limit(SecurityIdentity identity, Set<String> servers) {
        QuarkusSecurityIdentity.Builder builder = builder(identity.getPrincipal(), identity.getRoles(), servers)
                .addCredentials(identity.getCredentials());
        identity.getAttributes().forEach(builder::addAttribute);
        return builder.build();
    }

    /**
     * The same identity limited to the MCP surface (an OAuth access token), to {@code servers} when not null, and
     * bound to the resources of {@code audience}.
     */
    static SecurityIdentity limitToMcp(SecurityIdentity identity, Set<String> servers, Set<String> audience) {
        QuarkusSecurityIdentity.Builder builder = QuarkusSecurityIdentity.builder()
                .setPrincipal(identity.getPrincipal())
                .addCredentials(identity.getCredentials());
        identity.getAttributes().forEach(builder::addAttribute);
        builder.addRole(Roles.SCOPED_KEY)
                .addAttribute(Caller.USER_ROLES, Set.copyOf(identity.getRoles()))
                .addAttribute(Caller.AUDIENCE, Set.copyOf(audience));
        if (servers != null) {
            builder.addAttribute(Caller.SERVERS, Set.copyOf(servers));
        }
        return builder.build();
    }
}
