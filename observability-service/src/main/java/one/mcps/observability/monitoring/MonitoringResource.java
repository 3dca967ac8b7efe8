package one.mcps.observability.monitoring;

import java.util.Map;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.smallrye.mutiny.Uni;
import one.mcps.platform.security.Roles;

@Path("/api/v1/monitoring")
@Tag(name = "Monitoring")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({ Roles.ADMIN, Roles.OPERATOR, Roles.VIEWER })
@APIResponse(responseCode = "401", description = "No valid token")
@APIResponse(responseCode = "403", description = "Role not allowed")
public class MonitoringResource {

    private final MonitoringService monitoring;
    private final DashboardService dashboard;

    public MonitoringResource(MonitoringService monitoring, DashboardService dashboard) {
        this.monitoring = monitoring;
        this.dashboard = dashboard;
    }

    @GET
    @Path("metrics")
    @Operation(summary = "MCP calls per tool and overall (calls/s, error rate, p50/p95/p99 over 1/5/15 min), tools "
            + "by state, restarts, sessions, host CPU/memory/disk")
    public Uni<Map<String, Object>> metrics() {
        return monitoring.metrics();
    }

    @GET
    @Path("dashboard")
    @Operation(summary = "Service health, tool states, top tools by calls and errors, firing alerts, recent errors")
    public Uni<Map<String, Object>> dashboard() {
        return dashboard.dashboard();
    }
}
