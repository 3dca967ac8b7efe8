package one.mcps.identity.users;

import java.net.URI;
import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
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
import one.mcps.platform.security.Roles;

@Path("/api/v1/users")
@Tag(name = "Users")
@RolesAllowed(Roles.ADMIN)
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@APIResponse(responseCode = "401", description = "No valid token")
@APIResponse(responseCode = "403", description = "Not an admin")
public class UserResource {

    private final UserService service;
    private final SecurityIdentity identity;
    private final ClientAddress addresses;

    public UserResource(UserService service, SecurityIdentity identity, ClientAddress addresses) {
        this.service = service;
        this.identity = identity;
        this.addresses = addresses;
    }

    @GET
    @Operation(summary = "Users, a page at a time, filtered by role and searched by name or email")
    public Uni<UserPage> list(@QueryParam("role") String role, @QueryParam("search") String search,
            @QueryParam("page") @DefaultValue("0") @Min(0) int page,
            @QueryParam("size") @DefaultValue("20") @Min(1) @Max(200) int size) {
        return service.list(role, search, page, size);
    }

    @POST
    @Operation(summary = "Create a user")
    @APIResponse(responseCode = "201", description = "Created; Location names the user")
    @APIResponse(responseCode = "400", description = "A field is missing or invalid")
    @APIResponse(responseCode = "409", description = "The username or email is taken")
    public Uni<Response> create(@NotNull @Valid CreateUserRequest request, @Context HttpServerRequest http) {
        return service.create(request.username(), request.email(), request.password(), request.roles(),
                actor(http), "user.created")
                .map(user -> Response.created(URI.create("/api/v1/users/" + user.id)).entity(UserView.of(user))
                        .build());
    }

    @GET
    @Path("/{user_id}")
    @Operation(summary = "One user")
    @APIResponse(responseCode = "404", description = "No such user")
    public Uni<UserView> get(@PathParam("user_id") UUID id) {
        return service.get(id).map(UserView::of);
    }

    @PUT
    @Path("/{user_id}")
    @Operation(summary = "Change a user's email, roles or enabled flag; disabling revokes all their tokens and keys")
    @APIResponse(responseCode = "404", description = "No such user")
    @APIResponse(responseCode = "409", description = "The last admin would be demoted or disabled, or the email is taken")
    public Uni<UserView> update(@PathParam("user_id") UUID id, @NotNull @Valid UpdateUserRequest request,
            @Context HttpServerRequest http) {
        return service.update(id, request, actor(http)).map(UserView::of);
    }

    @DELETE
    @Path("/{user_id}")
    @Operation(summary = "Delete a user, revoking all their tokens and keys")
    @APIResponse(responseCode = "204", description = "Deleted")
    @APIResponse(responseCode = "404", description = "No such user")
    @APIResponse(responseCode = "409", description = "The last admin cannot be deleted")
    public Uni<Void> delete(@PathParam("user_id") UUID id, @Context HttpServerRequest http) {
        return service.delete(id, actor(http));
    }

    @POST
    @Path("/{user_id}/reset-password")
    @Operation(summary = "Set a user's password, or generate one that is returned once")
    @APIResponse(responseCode = "404", description = "No such user")
    public Uni<ResetPasswordResponse> resetPassword(@PathParam("user_id") UUID id, ResetPasswordRequest request,
            @Context HttpServerRequest http) {
        return service.resetPassword(id, request == null ? null : request.password(), actor(http));
    }

    @POST
    @Path("/{user_id}/unlock")
    @Consumes(MediaType.WILDCARD)
    @Operation(summary = "Clear a user's failed logins, so a throttled account may log in again at once")
    @APIResponse(responseCode = "204", description = "Unlocked (audited as user.unlocked)")
    @APIResponse(responseCode = "404", description = "No such user")
    public Uni<Void> unlock(@PathParam("user_id") UUID id, @Context HttpServerRequest http) {
        return service.unlock(id, actor(http));
    }

    private Actor actor(HttpServerRequest http) {
        return Actor.of(identity, addresses.of(http));
    }
}
