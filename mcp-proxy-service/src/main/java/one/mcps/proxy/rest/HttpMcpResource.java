package one.mcps.proxy.rest;

import java.util.List;
import java.util.Map;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import one.mcps.platform.security.Caller;
import one.mcps.platform.security.Roles;
import one.mcps.proxy.catalog.Catalog;
import one.mcps.proxy.catalog.Scope;

/**
 * The catalog and tool calls over plain HTTP. A server-scoped credential may use it ({@link Roles#SCOPED_KEY}): the
 * list and the call both go through the catalog, which limits it to its own servers ({@code Caller.mayUseServer}).
 */
@Path("/api/v1/mcp/http")
@Tag(name = "MCP over HTTP", description = "Tool calls for clients that do not speak MCP")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({ Roles.ADMIN, Roles.OPERATOR, Roles.VIEWER, Roles.SERVICE, Roles.SCOPED_KEY })
public class HttpMcpResource {

    private final Catalog catalog;
    private final ToolCalls calls;
    private final SecurityIdentity identity;

    public HttpMcpResource(Catalog catalog, ToolCalls calls, SecurityIdentity identity) {
        this.catalog = catalog;
        this.calls = calls;
        this.identity = identity;
    }

    @GET
    @Path("/tools")
    @Operation(summary = "The tools the caller may call, from every running server")
    public List<HttpToolView> tools() {
        return catalog.tools(Caller.of(identity), Scope.ALL).stream().map(HttpToolView::of).toList();
    }

    @POST
    @Path("/call")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Call a tool by its catalog name (server__tool)")
    @APIResponse(responseCode = "200", description = "MCP's CallToolResult")
    @APIResponse(responseCode = "400", description = "Malformed or invalid body (problem+json)")
    @APIResponse(responseCode = "404", description = "No such tool, or not one the caller may call (problem+json)")
    @APIResponse(responseCode = "422", description = "The server rejected the arguments (problem+json)")
    @APIResponse(responseCode = "502", description = "The server failed or did not answer in time (problem+json)")
    public Uni<Map<String, Object>> call(@Valid @NotNull HttpCallRequest request) {
        return calls.call(Caller.of(identity), request.name(), request.arguments()).map(result -> result.getMap());
    }
}
