package one.mcps.identity.tokens;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
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
import one.mcps.platform.security.Roles;

@Path("/internal/tokens/on-behalf")
@Tag(name = "Internal")
@RolesAllowed(Roles.SERVICE)
public class OnBehalfTokenResource {

    private final OnBehalfTokens tokens;
    private final SecurityIdentity identity;
    private final ClientAddress addresses;

    public OnBehalfTokenResource(OnBehalfTokens tokens, SecurityIdentity identity, ClientAddress addresses) {
        this.tokens = tokens;
        this.identity = identity;
        this.addresses = addresses;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "A short-lived access token for a user (current roles; the API key's id and scope when given)")
    @APIResponse(responseCode = "200", description = "The token and its lifetime in seconds")
    @APIResponse(responseCode = "400", description = "user_id is missing or not a UUID")
    @APIResponse(responseCode = "403", description = "The user is disabled, or the key is not theirs, revoked or "
            + "expired; or the caller is not a service")
    @APIResponse(responseCode = "404", description = "No such user (deleted) or no such API key")
    public Uni<OnBehalfTokenResponse> issue(@NotNull @Valid OnBehalfRequest request, @Context HttpServerRequest http) {
        return tokens.issue(request, Actor.of(identity, addresses.of(http)));
    }
}
