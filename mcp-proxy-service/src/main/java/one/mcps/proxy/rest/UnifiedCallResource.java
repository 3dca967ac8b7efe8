package one.mcps.proxy.rest;

import java.util.Map;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
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

/**
 * Tool calls for clients that do not speak MCP. A server-scoped credential may call here ({@link Roles#SCOPED_KEY}):
 * the catalog lookup limits it to its own servers ({@code Caller.mayUseServer}, in {@code Access.mayUse}).
 */
@Path("/api/v1/mcp/unified")
@Tag(name = "MCP over HTTP", description = "Tool calls for clients that do not speak MCP")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@RolesAllowed({ Roles.ADMIN, Roles.OPERATOR, Roles.VIEWER, Roles.SERVICE, Roles.SCOPED_KEY })
public class UnifiedCallResource {

    private final ToolCalls calls;
    private final SecurityIdentity identity;

    public UnifiedCallResource(ToolCalls calls, SecurityIdentity identity) {
        this.calls = calls;
        this.identity = identity;
    }

    @POST
    @Path("/call")
    @Operation(summary = "Call a tool of a running server", description = "Same visibility rules as /mcp; the "
            + "answer is MCP's CallToolResult (content, structuredContent, isError).")
    @APIResponse(responseCode = "200", description = "The tool's result (isError=true when the tool itself failed)")
    @APIResponse(responseCode = "400", description = "Malformed or invalid body (problem+json)")
    @APIResponse(responseCode = "404", description = "No such tool, or not one the caller may call (problem+json)")
    @APIResponse(responseCode = "422", description = "The server rejected the arguments (problem+json)")
    @APIResponse(responseCode = "502", description = "The server failed or did not answer in time (problem+json)")
    public Uni<Map<String, Object>> call(@Valid @NotNull UnifiedCallRequest request) {
        return calls.call(Caller.of(identity), request.server(), request.tool(), request.arguments())
                .map(result -> result.getMap());
    }
}
