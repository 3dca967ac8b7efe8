package one.mcps.identity.apikeys;

import java.net.URI;
import java.util.List;
import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

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

@Path("/api/v1/auth/api-keys")
@Tag(name = "API keys")
@RolesAllowed({ Roles.ADMIN, Roles.OPERATOR, Roles.VIEWER })
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@APIResponse(responseCode = "401", description = "No valid token")
public class ApiKeyResource {

    private final ApiKeyService service;
    private final SecurityIdentity identity;
    private final ClientAddress addresses;

    public ApiKeyResource(ApiKeyService service, SecurityIdentity identity, ClientAddress addresses) {
        this.addresses = addresses;
        this.service = service;
        this.identity = identity;
    }

    @POST
    @Operation(summary = "Create an API key for MCP clients; the key is shown in this answer only")
    @APIResponse(responseCode = "201", description = "Created; `key` is shown once")
    @APIResponse(responseCode = "400", description = "A field is missing or invalid")
    @APIResponse(responseCode = "403", description = "The caller is a server-scoped credential")
    public Uni<Response> create(@NotNull @Valid CreateApiKeyRequest request, @Context HttpServerRequest http) {
        Actor actor = actor(http);
        return service.create(owner(actor), request, actor)
                .map(view -> Response.created(URI.create("/api/v1/auth/api-keys/" + view.id())).entity(view).build());
    }

    @GET
    @Operation(summary = "The caller's API keys (all keys for an admin with all=true), never their secrets")
    public Uni<List<ApiKeyView>> list(@QueryParam("all") @DefaultValue("false") boolean all) {
        UUID owner = owner(actor(null));
        if (all && !Caller.of(identity).hasRole(Roles.ADMIN)) {
            throw ProblemException.forbidden("Only admins may list every user's API keys.");
        }
        return service.list(owner, all);
    }

    @DELETE
    @Path("/{id}")
    @Operation(summary = "Revoke an API key; every service refuses it within a second")
    @APIResponse(responseCode = "204", description = "Revoked")
    @APIResponse(responseCode = "404", description = "No such key of the caller's")
    public Uni<Void> revoke(@PathParam("id") UUID id, @Context HttpServerRequest http) {
        Actor actor = actor(http);
        UUID owner = owner(actor);
        return service.revoke(id, owner, Caller.of(identity).hasRole(Roles.ADMIN), actor);
    }

    private Actor actor(HttpServerRequest http) {
        return Actor.of(identity, http == null ? null : addresses.of(http));
    }

    /**
     * The user whose keys the caller manages. A server-scoped credential (a scoped API key, or a token issued on
     * behalf of one) manages none: a key it made could be broader than itself, and listing or revoking keys is the
     * account's business, not a client's. The platform refuses it already (its only role is scoped_key); this keeps
     * the rule where keys are made even if an endpoint's roles are ever widened.
     */
    private UUID owner(Actor actor) {
        if (Caller.of(identity).servers() != null) {
            throw ProblemException.forbidden("A credential limited to some servers cannot create, list or revoke "
                    + "API keys; use a login session.");
        }
        try {
            return actor.userId();
        } catch (IllegalArgumentException e) {
            throw ProblemException.forbidden("Only users hold API keys.");
        }
    }
}
