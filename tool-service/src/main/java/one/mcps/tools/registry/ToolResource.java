package one.mcps.tools.registry;

import java.net.URI;
import java.util.List;
import java.util.Set;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import one.mcps.platform.errors.ProblemException;
import one.mcps.platform.paging.PageRequest;
import one.mcps.platform.errors.ProblemType;
import one.mcps.platform.security.Caller;
import one.mcps.platform.security.Roles;
import one.mcps.tools.registry.ToolRepository.ToolFilter;

@Path("/api/v1/tools")
@Tag(name = "Tools", description = "Register MCP servers (tools); stdio ones only by admins")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@APIResponse(responseCode = "401", description = "No valid bearer token")
@APIResponse(responseCode = "403", description = "The caller's roles do not allow this")
public class ToolResource {

    static final Set<String> STATES = Set.of("stopped", "starting", "running", "unhealthy", "stopping", "failed");
    static final Set<String> TRANSPORTS = Set.of(Tool.STDIO, Tool.STREAMABLE_HTTP, Tool.SSE);

    private final ToolService tools;
    private final ToolTemplates templates;
    private final SecurityIdentity identity;
    private final int defaultPageSize;
    private final int maxPageSize;

    public ToolResource(ToolService tools, ToolTemplates templates, SecurityIdentity identity,
            @ConfigProperty(name = "mcps.tools.page.default-size") int defaultPageSize,
            @ConfigProperty(name = "mcps.tools.page.max-size") int maxPageSize) {
        this.tools = tools;
        this.templates = templates;
        this.identity = identity;
        this.defaultPageSize = defaultPageSize;
        this.maxPageSize = maxPageSize;
    }

    @GET
    @RolesAllowed({ Roles.ADMIN, Roles.OPERATOR, Roles.VIEWER })
    @Operation(summary = "List tools, a page at a time (page counts from 1), filtered by state, transport, tag or "
            + "a search in name, display name and description")
    @APIResponse(responseCode = "200", description = "One page of tools")
    @APIResponse(responseCode = "400", description = "A bad page, size or filter value (problem+json)")
    public Uni<ToolPageView> list(@QueryParam("page") Integer page, @QueryParam("size") Integer size,
            @QueryParam("state") String state, @QueryParam("transport") String transport,
            @QueryParam("tag") String tag, @QueryParam("search") String search) {
        PageRequest request = PageRequest.of(page, size, defaultPageSize, maxPageSize);
        ProblemException.requireOneOf("state", state, STATES);
        ProblemException.requireOneOf("transport", transport, TRANSPORTS);
        ToolFilter filter = new ToolFilter(state, transport, blankToNull(tag), blankToNull(search));
        return tools.list(filter, request.index(), request.size()).map(result -> new ToolPageView(
                result.items().stream().map(ToolView::of).toList(), request.page(), request.size(), result.total(),
                request.pages(result.total())));
    }

    @GET
    @Path("/available")
    @RolesAllowed({ Roles.ADMIN, Roles.OPERATOR, Roles.VIEWER })
    @Operation(summary = "The catalog of well-known MCP servers with ready-to-use definitions; create one with "
            + "POST /api/v1/tools {\"template\": \"memory\", \"name\": \"mem\"}")
    @APIResponse(responseCode = "200", description = "The catalog")
    public List<ToolTemplates.AvailableTool> available() {
        return templates.available();
    }

    @POST
    @RolesAllowed({ Roles.ADMIN, Roles.OPERATOR })
    @Operation(summary = "Register a tool, from scratch or from a catalog template")
    @APIResponse(responseCode = "201", description = "Created; secret values come back masked")
    @APIResponse(responseCode = "400", description = "Invalid definition; every bad field is listed (problem+json)")
    @APIResponse(responseCode = "409", description = "The name is taken")
    public Uni<Response> create(@Valid @NotNull ToolRequest request) {
        return tools.create(request, caller()).map(tool -> Response
                .created(URI.create("/api/v1/tools/" + tool.id)).tag(etagValue(tool.version))
                .entity(ToolView.of(tool)).build());
    }

    @GET
    @Path("/{tool_id}")
    @RolesAllowed({ Roles.ADMIN, Roles.OPERATOR, Roles.VIEWER })
    @Operation(summary = "One tool, by id or name; its ETag is its version")
    @APIResponse(responseCode = "200", description = "The tool")
    @APIResponse(responseCode = "404", description = "No such tool")
    public Uni<Response> get(@PathParam("tool_id") String toolId) {
        return tools.get(toolId).map(tool -> Response.ok(ToolView.of(tool)).tag(etagValue(tool.version)).build());
    }

    @PUT
    @Path("/{tool_id}")
    @RolesAllowed({ Roles.ADMIN, Roles.OPERATOR })
    @Operation(summary = "Change a tool: the fields given replace the stored ones; a secret sent back as \"****\" "
            + "keeps its stored value. Send If-Match (the ETag) or the version you read: a stale write is 409")
    @APIResponse(responseCode = "200", description = "The changed tool")
    @APIResponse(responseCode = "400", description = "Invalid definition (problem+json)")
    @APIResponse(responseCode = "404", description = "No such tool")
    @APIResponse(responseCode = "409", description = "Stale version, name taken, or renaming a running tool")
    public Uni<Response> update(@PathParam("tool_id") String toolId,
            @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch, @Valid @NotNull ToolRequest request) {
        Long expected = ifMatch != null ? parseEtag(ifMatch) : request.version();
        return tools.update(toolId, request, expected, caller())
                .map(tool -> Response.ok(ToolView.of(tool)).tag(etagValue(tool.version)).build());
    }

    @DELETE
    @Path("/{tool_id}")
    @RolesAllowed({ Roles.ADMIN, Roles.OPERATOR })
    @Operation(summary = "Remove a tool; a running one is stopped first")
    @APIResponse(responseCode = "204", description = "Removed")
    @APIResponse(responseCode = "404", description = "No such tool")
    public Uni<Response> delete(@PathParam("tool_id") String toolId) {
        return tools.delete(toolId, caller()).map(tool -> Response.noContent().build());
    }

    private Caller caller() {
        return Caller.of(identity);
    }

    private static String etagValue(long version) {
        return Long.toString(version);
    }

    private static Long parseEtag(String ifMatch) {
        String value = ifMatch.trim();
        if (value.startsWith("W/")) {
            value = value.substring(2);
        }
        value = value.replace("\"", "");
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new ProblemException(ProblemType.PRECONDITION_FAILED,
                    "If-Match must be an ETag this API returned, such as \"3\".");
        }
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
