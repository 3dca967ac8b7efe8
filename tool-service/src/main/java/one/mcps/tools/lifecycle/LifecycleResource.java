package one.mcps.tools.lifecycle;

import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestStreamElementType;

import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import one.mcps.platform.errors.ProblemException;
import one.mcps.platform.events.ToolLogLine;
import one.mcps.platform.security.Caller;
import one.mcps.platform.security.Roles;
import one.mcps.tools.registry.ToolService;

@Path("/api/v1/tools/{tool_id}")
@Tag(name = "Tool lifecycle", description = "Start, stop and watch MCP servers")
@Produces(MediaType.APPLICATION_JSON)
@APIResponse(responseCode = "401", description = "No valid bearer token")
@APIResponse(responseCode = "403", description = "The caller's roles do not allow this")
@APIResponse(responseCode = "404", description = "No such tool")
public class LifecycleResource {

    private final LifecycleService lifecycle;
    private final ToolService tools;
    private final Supervisor supervisor;
    private final SecurityIdentity identity;
    private final SupervisorConfig config;

    public LifecycleResource(LifecycleService lifecycle, ToolService tools, Supervisor supervisor,
            SecurityIdentity identity, SupervisorConfig config) {
        this.lifecycle = lifecycle;
        this.tools = tools;
        this.supervisor = supervisor;
        this.identity = identity;
        this.config = config;
    }

    @POST
    @Path("/start")
    @RolesAllowed({ Roles.ADMIN, Roles.OPERATOR })
    @Operation(summary = "Start a tool; it is running once its MCP handshake succeeded (watch the status)")
    @APIResponse(responseCode = "202", description = "Starting; the new status")
    @APIResponse(responseCode = "409", description = "The tool is disabled")
    public Uni<Response> start(@PathParam("tool_id") String toolId) {
        return lifecycle.start(toolId, Caller.of(identity)).map(LifecycleResource::accepted);
    }

    @POST
    @Path("/stop")
    @RolesAllowed({ Roles.ADMIN, Roles.OPERATOR })
    @Operation(summary = "Stop a tool: close stdin, then SIGTERM, then SIGKILL, for its whole process tree")
    @APIResponse(responseCode = "202", description = "Stopping; the new status")
    public Uni<Response> stop(@PathParam("tool_id") String toolId) {
        return lifecycle.stop(toolId, Caller.of(identity)).map(LifecycleResource::accepted);
    }

    @POST
    @Path("/restart")
    @RolesAllowed({ Roles.ADMIN, Roles.OPERATOR, Roles.SERVICE })
    @Operation(summary = "Stop the tool if it runs, then start it with its current definition")
    @APIResponse(responseCode = "202", description = "Restarting; the new status")
    @APIResponse(responseCode = "409", description = "The tool is disabled")
    public Uni<Response> restart(@PathParam("tool_id") String toolId) {
        return lifecycle.restart(toolId, Caller.of(identity)).map(LifecycleResource::accepted);
    }

    @GET
    @Path("/status")
    @RolesAllowed({ Roles.ADMIN, Roles.OPERATOR, Roles.VIEWER, Roles.SERVICE })
    @Operation(summary = "State, process, resource use and what the MCP server told at initialize (as the instance "
            + "that runs the tool sees it)")
    @APIResponse(responseCode = "200", description = "The status")
    public Uni<ToolStatus> status(@PathParam("tool_id") String toolId) {
        return tools.get(toolId).chain(lifecycle::status);
    }

    @GET
    @Path("/logs")
    @Produces("application/json;qs=1")
    @RolesAllowed({ Roles.ADMIN, Roles.OPERATOR, Roles.VIEWER })
    @Operation(summary = "The newest stderr lines and lifecycle notes of the tool's processes on this instance, "
            + "oldest first; ?follow=true with Accept: text/event-stream streams new lines as Server-Sent Events")
    @APIResponse(responseCode = "200", description = "The lines")
    @APIResponse(responseCode = "400", description = "A bad tail value, or follow without an event-stream Accept")
    public Uni<List<ToolLogLine>> logs(@PathParam("tool_id") String toolId,
            @QueryParam("tail") @DefaultValue("100") int tail, @QueryParam("follow") boolean follow) {
        if (follow) {
            throw ProblemException.badRequest("follow=true streams Server-Sent Events: send Accept: text/event-stream.");
        }
        int n = checkTail(tail);
        return tools.get(toolId).map(tool -> supervisor.tail(tool, n));
    }

    @GET
    @Path("/logs")
    @Produces("text/event-stream;qs=0.5")
    @RestStreamElementType(MediaType.APPLICATION_JSON)
    @RolesAllowed({ Roles.ADMIN, Roles.OPERATOR, Roles.VIEWER })
    @Operation(summary = "The newest lines, then each new one as it comes (Server-Sent Events)")
    public Multi<ToolLogLine> follow(@PathParam("tool_id") String toolId,
            @QueryParam("tail") @DefaultValue("100") int tail) {
        int n = checkTail(tail);
        return tools.get(toolId).onItem().transformToMulti(tool -> supervisor.follow(tool, n));
    }

    private int checkTail(int tail) {
        if (tail < 0 || tail > config.logRingSize()) {
            throw ProblemException.invalidField("tail", "must be between 0 and " + config.logRingSize());
        }
        return tail;
    }

    private static Response accepted(ToolStatus status) {
        return Response.accepted(status).build();
    }
}
