package one.mcps.identity.oauth.grants;

import java.util.List;
import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import one.mcps.identity.audit.Actor;
import one.mcps.identity.audit.ClientAddress;
import one.mcps.platform.errors.ProblemException;
import one.mcps.platform.security.Caller;
import one.mcps.platform.security.Roles;

/**
 * The OAuth clients a user allowed and the grants (consents) behind them; an admin sees everyone's with
 * {@code all=true} and may withdraw any grant. A server-scoped credential, an OAuth token included, manages none:
 * like API keys, consents are managed from a login session.
 */
@Path("/api/v1/auth/oauth")
@Tag(name = "OAuth clients and grants")
@RolesAllowed({ Roles.ADMIN, Roles.OPERATOR, Roles.VIEWER })
@Produces(MediaType.APPLICATION_JSON)
@APIResponse(responseCode = "401", description = "No valid token")
@APIResponse(responseCode = "403", description = "A server-scoped credential, or all=true without the admin role")
public class OAuthAccountResource {

    private final GrantService grants;
    private final AuthorizedClients clients;
    private final SecurityIdentity identity;
    private final ClientAddress addresses;

    public OAuthAccountResource(GrantService grants, AuthorizedClients clients, SecurityIdentity identity,
            ClientAddress addresses) {
        this.grants = grants;
        this.clients = clients;
        this.identity = identity;
        this.addresses = addresses;
    }

    @GET
    @Path("/clients")
    @Operation(summary = "The clients the caller allowed (every known client for an admin with all=true)")
    public Uni<List<OAuthClientView>> clients(@QueryParam("all") @DefaultValue("false") boolean all,
            @Context HttpServerRequest http) {
        return clients.list(actor(http).userId(), everyone(all));
    }

    @GET
    @Path("/grants")
    @Operation(summary = "The caller's grants with their scopes, creation and last use (everyone's for an admin "
            + "with all=true)")
    public Uni<List<GrantView>> grants(@QueryParam("all") @DefaultValue("false") boolean all,
            @Context HttpServerRequest http) {
        return grants.list(actor(http).userId(), everyone(all));
    }

    @DELETE
    @Path("/grants/{id}")
    @Operation(summary = "Withdraw a grant: its refresh and access tokens stop working everywhere")
    @APIResponse(responseCode = "204", description = "Withdrawn")
    @APIResponse(responseCode = "404", description = "No such grant of the caller (of anyone, for an admin)")
    public Uni<Void> revoke(@PathParam("id") String id, @Context HttpServerRequest http) {
        UUID grantId;
        try {
            grantId = UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw ProblemException.notFound("No such grant.");
        }
        Actor actor = actor(http);
        return grants.revoke(actor.userId(), grantId, Caller.of(identity).hasRole(Roles.ADMIN), actor);
    }

    private boolean everyone(boolean all) {
        if (all && !Caller.of(identity).hasRole(Roles.ADMIN)) {
            throw ProblemException.forbidden("Only admins may list every user's OAuth clients and grants.");
        }
        return all;
    }

    private Actor actor(HttpServerRequest http) {
        Actor actor = Actor.of(identity, addresses.of(http));
        if (actor.id() == null) {
            throw ProblemException.notFound("The caller has no user account.");
        }
        return actor;
    }
}
