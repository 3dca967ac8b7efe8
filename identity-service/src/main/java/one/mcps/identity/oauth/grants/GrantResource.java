package one.mcps.identity.oauth.grants;

import java.util.List;
import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
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
import one.mcps.platform.security.Roles;

/**
 * The caller's OAuth grants (the clients it allowed). A server-scoped credential, an OAuth token included, manages
 * none: like API keys, consents are managed from a login session.
 */
@Path("/api/v1/auth/grants")
@Tag(name = "OAuth grants")
@RolesAllowed({ Roles.ADMIN, Roles.OPERATOR, Roles.VIEWER })
@Produces(MediaType.APPLICATION_JSON)
@APIResponse(responseCode = "401", description = "No valid token")
@APIResponse(responseCode = "403", description = "A server-scoped credential")
public class GrantResource {

    private final GrantService grants;
    private final SecurityIdentity identity;
    private final ClientAddress addresses;

    public GrantResource(GrantService grants, SecurityIdentity identity, ClientAddress addresses) {
        this.grants = grants;
        this.identity = identity;
        this.addresses = addresses;
    }

    @GET
    @Operation(summary = "The clients the caller allowed, with their scopes, creation and last use")
    public Uni<List<GrantView>> list(@Context HttpServerRequest http) {
        return grants.list(actor(http).userId());
    }

    @DELETE
    @Path("/{id}")
    @Operation(summary = "Withdraw a grant: its refresh and access tokens stop working everywhere")
    @APIResponse(responseCode = "204", description = "Withdrawn")
    @APIResponse(responseCode = "404", description = "No such grant of the caller")
    public Uni<Void> revoke(@PathParam("id") String id, @Context HttpServerRequest http) {
        UUID grantId;
        try {
            grantId = UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw ProblemException.notFound("No such grant.");
        }
        Actor actor = actor(http);
        return grants.revoke(actor.userId(), grantId, actor);
    }

    private Actor actor(HttpServerRequest http) {
        Actor actor = Actor.of(identity, addresses.of(http));
        if (actor.id() == null) {
            throw ProblemException.notFound("The caller has no user account.");
        }
        return actor;
    }
}
