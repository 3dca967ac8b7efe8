package one.mcps.tools.internal;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.smallrye.mutiny.Uni;
import one.mcps.platform.security.Roles;
import one.mcps.tools.lifecycle.LifecycleService;
import one.mcps.tools.lifecycle.ToolStatus;

/**
 * What another tool-service instance forwards to the owner of a tool: the lifecycle action itself (the instance
 * that took the request has recorded whether the tool should run and the audit event already).
 */
@Path("/internal/tools/{tool_id}/owned")
@Tag(name = "Internal", description = "For other MCPS.ONE services (service token)")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.SERVICE)
@APIResponse(responseCode = "401", description = "No valid bearer token")
@APIResponse(responseCode = "403", description = "Not a service token")
@APIResponse(responseCode = "404", description = "No such tool")
@APIResponse(responseCode = "409", description = "Another instance owns the tool now, or it is disabled")
public class OwnedToolsResource {

    private final LifecycleService lifecycle;

    public OwnedToolsResource(LifecycleService lifecycle) {
        this.lifecycle = lifecycle;
    }

    @POST
    @Path("/{action: start|stop|restart|prepare}")
    @Operation(summary = "Start, stop or restart a tool this instance owns (or acquires, if nobody does); prepare: "
            + "start a process of a tool whose stopping owner hands it to this instance")
    @APIResponse(responseCode = "202", description = "The new status")
    public Uni<Response> act(@PathParam("tool_id") String toolId, @PathParam("action") String action) {
        return lifecycle.asOwner(toolId, action).map(status -> Response.accepted(status).build());
    }

    @GET
    @Path("/status")
    @Operation(summary = "The status of a tool as this instance runs it")
    @APIResponse(responseCode = "200", description = "The status")
    public Uni<ToolStatus> status(@PathParam("tool_id") String toolId) {
        return lifecycle.asOwner(toolId, "status");
    }
}
