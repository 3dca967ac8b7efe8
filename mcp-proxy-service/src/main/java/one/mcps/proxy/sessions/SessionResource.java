package one.mcps.proxy.sessions;

import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
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
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import one.mcps.platform.security.Caller;
import one.mcps.platform.security.Roles;

/**
 * The caller's MCP sessions. A server-scoped credential may use it ({@link Roles#SCOPED_KEY}) and sees only the
 * sessions it opened itself; a session it creates is limited to its servers like any of its sessions.
 */
@Path("/api/v1/sessions")
@Tag(name = "Sessions", description = "MCP client sessions: live ones and their history")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({ Roles.ADMIN, Roles.OPERATOR, Roles.VIEWER, Roles.SERVICE, Roles.SCOPED_KEY })
public class SessionResource {

    private final Sessions sessions;
    private final SecurityIdentity identity;

    public SessionResource(Sessions sessions, SecurityIdentity identity) {
        this.sessions = sessions;
        this.identity = identity;
    }

    @GET
    @Operation(summary = "Sessions, newest first (operators and admins see everyone's, others their credential's)")
    public Uni<List<SessionView>> list(@QueryParam("state") @Pattern(regexp = "active|closed|expired") String state,
            @QueryParam("page") @DefaultValue("0") @Min(0) int page,
            @QueryParam("size") @DefaultValue("50") @Min(1) @Max(500) int size) {
        return sessions.list(caller(), state, page, size);
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Create an initialized session; use its id as Mcp-Session-Id at its endpoint")
    @APIResponse(responseCode = "201", description = "The session")
    @APIResponse(responseCode = "400", description = "Invalid body (problem+json)")
    @APIResponse(responseCode = "404", description = "The server does not run or the caller may not use it (problem+json)")
    public Uni<Response> create(@Valid SessionRequest request) {
        return sessions.create(caller(), request).map(SessionResource::created);
    }

    @POST
    @Path("/auto")
    @Operation(summary = "Create and initialize a session for the caller with defaults, and hand back its id")
    @APIResponse(responseCode = "201", description = "The session")
    public Uni<Response> auto() {
        return sessions.create(caller(), null).map(SessionResource::created);
    }

    @GET
    @Path("/{session_id}")
    @Operation(summary = "One session, live or from history")
    @APIResponse(responseCode = "404", description = "Unknown, or not the caller's (problem+json)")
    public Uni<SessionView> get(@PathParam("session_id") String id) {
        return sessions.get(caller(), id);
    }

    @PUT
    @Path("/{session_id}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Rename a live session")
    @APIResponse(responseCode = "404", description = "Not a live session of the caller's (problem+json)")
    public Uni<SessionView> update(@PathParam("session_id") String id, @Valid @NotNull SessionRequest request) {
        return sessions.rename(caller(), id, request);
    }

    @DELETE
    @Path("/{session_id}")
    @Operation(summary = "End a live session; its client gets 404 and re-initializes")
    @APIResponse(responseCode = "204", description = "Ended")
    @APIResponse(responseCode = "404", description = "Not a live session of the caller's (problem+json)")
    public Uni<Response> delete(@PathParam("session_id") String id) {
        return sessions.delete(caller(), id).map(ignored -> Response.noContent().build());
    }

    @GET
    @Path("/{session_id}/messages")
    @Operation(summary = "The session's recent requests and responses in order, bodies truncated")
    @APIResponse(responseCode = "404", description = "Not a live session of the caller's (problem+json)")
    public SessionPage<MessageLog.Entry> messages(@PathParam("session_id") String id,
            @QueryParam("offset") @DefaultValue("0") @Min(0) int offset,
            @QueryParam("limit") @DefaultValue("50") @Min(1) @Max(500) int limit) {
        return sessions.messages(caller(), id, offset, limit);
    }

    private static Response created(SessionView session) {
        return Response.status(Response.Status.CREATED).entity(session).build();
    }

    private Caller caller() {
        return Caller.of(identity);
    }
}
