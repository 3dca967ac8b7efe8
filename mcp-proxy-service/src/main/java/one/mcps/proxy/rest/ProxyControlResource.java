package one.mcps.proxy.rest;

import java.util.Comparator;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.smallrye.mutiny.Uni;
import one.mcps.platform.security.Roles;
import one.mcps.proxy.calls.CallRecorder;
import one.mcps.proxy.downstream.EndpointSwitch;
import one.mcps.proxy.sessions.SessionRegistry;
import one.mcps.proxy.upstream.Upstream;
import one.mcps.proxy.upstream.UpstreamManager;

/**
 * The state of the MCP endpoints and their switch. Outside the MCP surface, so closed to server-scoped credentials:
 * no method lists {@link Roles#SCOPED_KEY}.
 */
@Path("/api/v1/mcp/proxy")
@Tag(name = "MCP proxy", description = "State of the MCP endpoints and their upstream servers")
@Produces(MediaType.APPLICATION_JSON)
public class ProxyControlResource {

    private final EndpointSwitch endpoints;
    private final UpstreamManager upstreams;
    private final SessionRegistry sessions;
    private final CallRecorder recorder;
    private final CallRate rate;

    public ProxyControlResource(EndpointSwitch endpoints, UpstreamManager upstreams, SessionRegistry sessions,
            CallRecorder recorder, CallRate rate) {
        this.endpoints = endpoints;
        this.upstreams = upstreams;
        this.sessions = sessions;
        this.recorder = recorder;
        this.rate = rate;
    }

    @GET
    @Path("/status")
    @RolesAllowed({ Roles.ADMIN, Roles.OPERATOR, Roles.VIEWER })
    @Operation(summary = "Whether the MCP endpoints are open; upstreams with state and counts; sessions; calls/s")
    public ProxyStatus status() {
        return new ProxyStatus(endpoints.isOpen(), sessions.size(), recorder.total(), rate.perSecond(),
                recorder.dropped(), upstreams.all().stream().sorted(Comparator.comparing(Upstream::name))
                        .map(ProxyControlResource::upstream).toList());
    }

    @POST
    @Path("/start")
    @RolesAllowed(Roles.ADMIN)
    @Operation(summary = "Open the MCP endpoints (/mcp, /servers/*, /sse, /messages) on every instance")
    @APIResponse(responseCode = "403", description = "Only administrators (problem+json)")
    public Uni<ProxyStatus> start() {
        return endpoints.open().map(ignored -> status());
    }

    @POST
    @Path("/stop")
    @RolesAllowed(Roles.ADMIN)
    @Operation(summary = "Close the MCP endpoints on every instance: 503 until started again; sessions are kept")
    @APIResponse(responseCode = "403", description = "Only administrators (problem+json)")
    public Uni<ProxyStatus> stop() {
        return endpoints.close().map(ignored -> status());
    }

    private static ProxyStatus.UpstreamStatus upstream(Upstream upstream) {
        var catalog = upstream.catalog();
        return new ProxyStatus.UpstreamStatus(upstream.name(), upstream.tool().transport(), upstream.state().wire(),
                catalog.tools().size(), catalog.resources().size(), catalog.templates().size(),
                catalog.prompts().size());
    }
}
