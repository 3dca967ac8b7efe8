package one.mcps.proxy.agent;

import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.quarkus.runtime.annotations.RegisterForReflection;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import one.mcps.platform.security.Caller;
import one.mcps.platform.security.Roles;
import one.mcps.proxy.catalog.Catalog;
import one.mcps.proxy.catalog.Scope;
import one.mcps.proxy.rest.HttpToolView;

/**
 * Tool discovery and multi-step plans. A server-scoped credential may use it ({@link Roles#SCOPED_KEY}): the ranking
 * reads the caller's catalog and each step is a catalog call, both limited to its servers
 * ({@code Caller.mayUseServer}).
 */
@Path("/api/v1/mcp/agent")
@Tag(name = "MCP agent", description = "Tool discovery by relevance and multi-step plans")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({ Roles.ADMIN, Roles.OPERATOR, Roles.VIEWER, Roles.SERVICE, Roles.SCOPED_KEY })
public class AgentResource {

    @RegisterForReflection
    public record RankedTool(int score, HttpToolView tool) {
    }

    private final Catalog catalog;
    private final AgentExecutor executor;
    private final SecurityIdentity identity;

    public AgentResource(Catalog catalog, AgentExecutor executor, SecurityIdentity identity) {
        this.catalog = catalog;
        this.executor = executor;
        this.identity = identity;
    }

    @GET
    @Path("/tools")
    @Operation(summary = "The caller's tools ranked by relevance to q (names, parameter names, descriptions)")
    public List<RankedTool> tools(@QueryParam("q") String query,
            @QueryParam("limit") @DefaultValue("20") @Min(1) @Max(200) int limit) {
        return ToolRanking.rank(catalog.tools(Caller.of(identity), Scope.ALL), query, limit).stream()
                .map(r -> new RankedTool(r.score(), HttpToolView.of(r.tool()))).toList();
    }

    @POST
    @Path("/execute")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Run steps in order; arguments may reference earlier results "
            + "({\"$step\": 0, \"$pointer\": \"/content/0/text\"}); stops at the first error unless continue_on_error")
    @APIResponse(responseCode = "200", description = "Each step's status, result or error, and time")
    @APIResponse(responseCode = "400", description = "Malformed or invalid plan, or a $step that is not an earlier step "
            + "(problem+json; no step runs); a pointer that finds nothing fails its step")
    public Uni<AgentResult> execute(@Valid @NotNull AgentPlan plan) {
        return executor.execute(Caller.of(identity), plan);
    }
}
