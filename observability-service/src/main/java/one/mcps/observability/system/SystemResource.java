package one.mcps.observability.system;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.annotation.security.PermitAll;
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
import org.jboss.resteasy.reactive.RestResponse;

import io.smallrye.mutiny.Uni;
import one.mcps.platform.security.Roles;

@Path("/api/v1/system")
@Tag(name = "System")
@Produces(MediaType.APPLICATION_JSON)
public class SystemResource {

    private final ServiceProbe probe;
    private final SystemService system;

    public SystemResource(ServiceProbe probe, SystemService system) {
        this.probe = probe;
        this.system = system;
    }

    @GET
    @Path("health")
    @PermitAll
    @Operation(summary = "Aggregate health: UP when every service is ready; no token needed")
    @APIResponse(responseCode = "200", description = "{\"status\":\"UP\",\"services\":{\"identity\":\"UP\",...}}")
    @APIResponse(responseCode = "503", description = "Some service is down; \"down\" names it")
    public Uni<RestResponse<Map<String, Object>>> health() {
        return probe.probeAll().map(statuses -> {
            Map<String, String> services = new LinkedHashMap<>();
            statuses.forEach(s -> services.put(s.name(), s.status()));
            List<String> down = statuses.stream().filter(s -> !s.up()).map(ServiceStatus::name).toList();
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("status", down.isEmpty() ? ServiceStatus.UP : ServiceStatus.DOWN);
            body.put("services", services);
            if (!down.isEmpty()) {
                body.put("down", down);
                body.put("detail", "Not ready: " + String.join(", ", down));
            }
            return RestResponse.status(down.isEmpty() ? RestResponse.Status.OK
                    : RestResponse.Status.SERVICE_UNAVAILABLE, body);
        });
    }

    @GET
    @Path("status")
    @RolesAllowed({ Roles.ADMIN, Roles.OPERATOR, Roles.VIEWER })
    @Operation(summary = "Each service's readiness and how long it took to answer")
    @APIResponse(responseCode = "401", description = "No valid token")
    public Uni<Map<String, Object>> status() {
        return probe.probeAll().map(statuses -> {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("status", statuses.stream().allMatch(ServiceStatus::up) ? ServiceStatus.UP : ServiceStatus.DOWN);
            body.put("checked_at", Instant.now());
            body.put("services", statuses);
            return body;
        });
    }

    @GET
    @Path("info")
    @RolesAllowed({ Roles.ADMIN, Roles.OPERATOR, Roles.VIEWER })
    @Operation(summary = "Version, host, and each service's version, uptime and JVM (from its /internal/info)")
    @APIResponse(responseCode = "401", description = "No valid token")
    public Uni<Map<String, Object>> info() {
        return system.info();
    }

    @GET
    @Path("metrics")
    @RolesAllowed({ Roles.ADMIN, Roles.OPERATOR, Roles.VIEWER })
    @Operation(summary = "Host CPU, memory and disk, and each service's JVM heap")
    @APIResponse(responseCode = "401", description = "No valid token")
    public Uni<Map<String, Object>> metrics() {
        return system.metrics();
    }

    @GET
    @Path("processes")
    @RolesAllowed({ Roles.ADMIN, Roles.OPERATOR })
    @Operation(summary = "The tool processes (pid, state, CPU, memory, uptime, restarts), from tool-service")
    @APIResponse(responseCode = "502", description = "tool-service answered with an error")
    @APIResponse(responseCode = "503", description = "tool-service is unreachable")
    public Uni<Object> processes() {
        return system.processes();
    }

    @POST
    @Path("restart")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({ Roles.ADMIN, Roles.OPERATOR })
    @Operation(summary = "Restart every running tool ({\"target\":\"tools\"}) or one tool, through tool-service")
    @APIResponse(responseCode = "200", description = "What happened to each tool")
    @APIResponse(responseCode = "400", description = "Invalid target")
    @APIResponse(responseCode = "503", description = "tool-service is unreachable")
    public Uni<Map<String, Object>> restart(@Valid @NotNull RestartRequest request) {
        return system.restart(request.target());
    }
}
