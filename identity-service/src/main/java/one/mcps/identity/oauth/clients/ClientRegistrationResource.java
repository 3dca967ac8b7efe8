package one.mcps.identity.oauth.clients;

import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import one.mcps.identity.audit.ClientAddress;
import one.mcps.identity.oauth.NoStore;

/** RFC 7591 dynamic client registration of public MCP clients. */
@Path("/oauth/register")
@Tag(name = "OAuth")
@PermitAll
public class ClientRegistrationResource {

    private final ClientRegistrations registrations;
    private final ClientAddress addresses;

    public ClientRegistrationResource(ClientRegistrations registrations, ClientAddress addresses) {
        this.registrations = registrations;
        this.addresses = addresses;
    }

    @POST
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Register a public client (client_name, redirect_uris); answers its client_id")
    @APIResponse(responseCode = "201", description = "Registered")
    @APIResponse(responseCode = "400", description = "invalid_client_metadata or invalid_redirect_uri")
    @APIResponse(responseCode = "403", description = "Dynamic registration is turned off")
    public Uni<Response> register(String body, @Context HttpServerRequest http) {
        return registrations.register(body, addresses.of(http))
                .map(registered -> NoStore.apply(Response.status(Response.Status.CREATED)
                        .type(MediaType.APPLICATION_JSON).entity(registered)).build());
    }
}
