package one.mcps.observability.logs;

import java.util.Map;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import one.mcps.platform.errors.ProblemException;
import one.mcps.platform.security.Caller;
import one.mcps.platform.security.Roles;

@Path("/api/v1/logs")
@Tag(name = "Logs", description = "One searchable log of every service and tool")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({ Roles.ADMIN, Roles.OPERATOR, Roles.VIEWER })
@APIResponse(responseCode = "400", description = "Invalid filter or paging parameter (problem+json)")
@APIResponse(responseCode = "401", description = "No valid token")
@APIResponse(responseCode = "403", description = "Role not allowed")
public class LogResource {

    private final LogRepository logs;
    private final LogStatsRepository stats;
    private final LogMaintenance maintenance;
    private final SecurityIdentity identity;
    private final HttpServerRequest request;

    public LogResource(LogRepository logs, LogStatsRepository stats, LogMaintenance maintenance,
            SecurityIdentity identity, HttpServerRequest request) {
        this.logs = logs;
        this.stats = stats;
        this.maintenance = maintenance;
        this.identity = identity;
        this.request = request;
    }

    @GET
    @Operation(summary = "Log entries, newest first, filtered and paged ({items, total, page, size})")
    public Uni<LogPage> list(@Valid @BeanParam LogQuery query) {
        return logs.page(query.filter(), query.page, query.size);
    }

    @GET
    @Path("system")
    @Operation(summary = "System log entries (category system)")
    public Uni<LogPage> system(@Valid @BeanParam LogQuery query) {
        return logs.page(query.filter().withCategory("system"), query.page, query.size);
    }

    @GET
    @Path("operations")
    @Operation(summary = "Operation log entries: audit trail and tasks (category operation)")
    public Uni<LogPage> operations(@Valid @BeanParam LogQuery query) {
        return logs.page(query.filter().withCategory("operation"), query.page, query.size);
    }

    @GET
    @Path("mcp")
    @Operation(summary = "MCP call log entries (category mcp)")
    public Uni<LogPage> mcp(@Valid @BeanParam LogQuery query) {
        return logs.page(query.filter().withCategory("mcp"), query.page, query.size);
    }

    @GET
    @Path("search")
    @Operation(summary = "Full-text search, best match first, with HTML-escaped snippets highlighting matches "
            + "(<mark>...</mark>)")
    public Uni<SearchPage> search(@QueryParam("q") @NotBlank @Size(max = 500) String q,
            @Valid @BeanParam LogQuery query) {
        return logs.search(q, query.filter(), query.page, query.size);
    }

    @GET
    @Path("stats")
    @Operation(summary = "Counts by level, category and source, and per time bucket (minute, hour or day)")
    public Uni<LogStats> stats(@Valid @BeanParam LogQuery query,
            @QueryParam("bucket") @DefaultValue("hour") @Pattern(regexp = "minute|hour|day",
                    message = "must be one of minute, hour, day") String bucket) {
        return stats.stats(query.filter(), bucket);
    }

    @GET
    @Path("{log_id: \\d+}")
    @Operation(summary = "One log entry")
    @APIResponse(responseCode = "404", description = "No such entry")
    public Uni<LogEntry> get(@PathParam("log_id") long id) {
        return logs.findById(id).map(entry -> {
            if (entry == null) {
                throw ProblemException.notFound("No log entry with id " + id + ".");
            }
            return entry;
        });
    }

    @DELETE
    @Path("{log_id: \\d+}")
    @RolesAllowed(Roles.ADMIN)
    @Operation(summary = "Delete one log entry (admin; the log is append-only below admin; audited as logs.delete)")
    @APIResponse(responseCode = "204", description = "Deleted")
    @APIResponse(responseCode = "404", description = "No such entry")
    public Uni<Void> delete(@PathParam("log_id") long id) {
        return maintenance.deleteOne(id, Caller.of(identity), address()).map(deleted -> {
            if (!deleted) {
                throw ProblemException.notFound("No log entry with id " + id + ".");
            }
            return null;
        });
    }

    @POST
    @Path("clear")
    @RolesAllowed(Roles.ADMIN)
    @Operation(summary = "Delete every log entry (admin; audited)")
    public Uni<Map<String, Integer>> clear() {
        return maintenance.clear(Caller.of(identity), address()).map(n -> Map.of("deleted", n));
    }

    @DELETE
    @Path("cleanup")
    @RolesAllowed({ Roles.ADMIN, Roles.OPERATOR })
    @Operation(summary = "Delete log entries older than a number of days, at least mcps.logs.cleanup.min-days "
            + "(audited as logs.cleanup)")
    public Uni<Map<String, Integer>> cleanup(
            @QueryParam("older_than_days") @NotNull @Max(36500) Integer olderThanDays) {
        return maintenance.cleanup(olderThanDays, Caller.of(identity), address())
                .map(n -> Map.of("deleted", n));
    }

    private String address() {
        return request.remoteAddress() == null ? null : request.remoteAddress().host();
    }
}
