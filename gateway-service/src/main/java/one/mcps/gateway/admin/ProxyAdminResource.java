package one.mcps.gateway.admin;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.logging.Logger;

import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import one.mcps.gateway.access.RouteMetrics;
import one.mcps.gateway.ratelimit.RateLimiter;
import one.mcps.gateway.routing.GatewayConfig;
import one.mcps.gateway.routing.Route;
import one.mcps.gateway.routing.RouteTable;
import one.mcps.gateway.routing.Upstream;
import one.mcps.platform.errors.Problem;
import one.mcps.platform.events.AuditRecorded;
import one.mcps.platform.events.EventPublisher;
import one.mcps.platform.security.Caller;
import one.mcps.platform.security.Roles;

@Path("/api/v1/proxy")
@Tag(name = "Gateway", description = "The gateway's route table, its health and maintenance mode")
@Produces(MediaType.APPLICATION_JSON)
@APIResponse(responseCode = "401", description = "No valid token",
        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
@APIResponse(responseCode = "403", description = "The caller's roles do not allow this",
        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
public class ProxyAdminResource {

    private static final Logger LOG = Logger.getLogger(ProxyAdminResource.class);

    private final RouteTable table;
    private final RouteMetrics metrics;
    private final UpstreamHealth health;
    private final MaintenanceMode maintenance;
    private final RateLimiter rateLimiter;
    private final GatewayConfig config;
    private final EventPublisher events;
    private final SecurityIdentity identity;
    private final List<String> corsOrigins;
    private final long defaultRetryAfterS;

    public ProxyAdminResource(RouteTable table, RouteMetrics metrics, UpstreamHealth health,
            MaintenanceMode maintenance, RateLimiter rateLimiter, GatewayConfig config, EventPublisher events,
            SecurityIdentity identity,
            @ConfigProperty(name = "quarkus.http.cors.origins") List<String> corsOrigins, AdminConfig adminConfig) {
        this.table = table;
        this.metrics = metrics;
        this.health = health;
        this.maintenance = maintenance;
        this.rateLimiter = rateLimiter;
        this.config = config;
        this.events = events;
        this.identity = identity;
        this.corsOrigins = corsOrigins;
        this.defaultRetryAfterS = adminConfig.maintenanceRetryAfter();
    }

    @GET
    @Path("/status")
    @RolesAllowed({ Roles.ADMIN, Roles.OPERATOR, Roles.VIEWER, Roles.SERVICE })
    @Operation(summary = "Each route: its upstream, health, requests, errors, p50/p99 latency; maintenance mode")
    public ProxyViews.Status status() {
        List<ProxyViews.RouteStatus> routes = table.routes().stream().map(this::status).toList();
        String overall = maintenance.active() ? "MAINTENANCE"
                : routes.stream().allMatch(r -> UpstreamHealth.UP.equals(r.health())) ? "UP" : "DEGRADED";
        return new ProxyViews.Status(overall, ProxyViews.Maintenance.of(maintenance.current()), routes);
    }

    @GET
    @Path("/config")
    @RolesAllowed({ Roles.ADMIN, Roles.OPERATOR })
    @Operation(summary = "The route table, rate limits in force, CORS origins and the paths open without a token")
    public ProxyViews.Config config() {
        List<ProxyViews.RouteConfig> routes = table.routes().stream().map(r -> new ProxyViews.RouteConfig(r.name(),
                r.upstream().name(), r.prefixes(), r.upstream().instances().stream().map(Upstream.Instance::url)
                        .toList(),
                r.timeout().toMillis(), r.streaming(), r.sessionAffinity(), r.countToolCalls(), r.maxBodyBytes()))
                .toList();
        return new ProxyViews.Config(routes, rateLimiter.describe(), new ProxyViews.Cors(corsOrigins),
                config.publicPaths());
    }

    @POST
    @Path("/stop")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.ADMIN)
    @Operation(summary = "Start maintenance mode: everyone but admins gets 503 with Retry-After")
    @APIResponse(responseCode = "200", description = "Maintenance mode is on")
    @APIResponse(responseCode = "400", description = "Malformed or invalid body",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Uni<ProxyViews.Maintenance> stop(@Valid StopRequest request) {
        Caller caller = Caller.of(identity);
        String reason = request == null || request.reason() == null ? "maintenance in progress" : request.reason();
        long retryAfterS = request == null || request.retryAfterS() == null ? defaultRetryAfterS
                : request.retryAfterS();
        maintenance.start(new MaintenanceMode.State(reason, caller.username(), Instant.now(), retryAfterS));
        return audit(caller, "gateway.maintenance.start", Map.of("reason", reason, "retry_after_s", retryAfterS))
                .map(v -> ProxyViews.Maintenance.of(maintenance.current()));
    }

    @POST
    @Path("/start")
    @RolesAllowed(Roles.ADMIN)
    @Operation(summary = "End maintenance mode: forward every request again")
    @APIResponse(responseCode = "200", description = "Maintenance mode is off")
    public Uni<ProxyViews.Maintenance> start() {
        Caller caller = Caller.of(identity);
        MaintenanceMode.State ended = maintenance.end();
        if (ended == null) {
            return Uni.createFrom().item(ProxyViews.Maintenance.of(null));
        }
        return audit(caller, "gateway.maintenance.end", Map.of("reason", ended.reason()))
                .map(v -> ProxyViews.Maintenance.of(null));
    }

    private ProxyViews.RouteStatus status(Route route) {
        RouteMetrics.Summary summary = metrics.summary(route.name());
        List<ProxyViews.InstanceStatus> instances = route.upstream().instances().stream()
                .map(i -> new ProxyViews.InstanceStatus(i.url(), health.of(i))).toList();
        return new ProxyViews.RouteStatus(route.name(), route.upstream().name(), route.prefixes(),
                health.of(route.upstream()), instances, summary.requests(), summary.errors(), summary.p50Ms(),
                summary.p99Ms());
    }

    /** The audit trail must not make the switch itself fail: a broker outage is logged, not returned. */
    private Uni<Void> audit(Caller caller, String action, Map<String, Object> details) {
        AuditRecorded event = new AuditRecorded(caller.userId(), caller.username(), action, "gateway",
                "maintenance", AuditRecorded.SUCCESS, null, details, Instant.now());
        return events.publish(event).onFailure().invoke(e -> LOG.warnf("Audit event %s not sent: %s", action,
                e.getMessage())).onFailure().recoverWithNull();
    }
}
