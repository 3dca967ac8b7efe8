package one.mcps.observability.alerts;

import java.util.List;
import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.ResponseStatus;

import io.quarkus.runtime.annotations.RegisterForReflection;
import io.smallrye.mutiny.Uni;
import one.mcps.platform.security.Roles;

@Path("/api/v1/monitoring/alerts")
@Tag(name = "Monitoring", description = "Metrics, alert rules and the operator's dashboard")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({ Roles.ADMIN, Roles.OPERATOR, Roles.VIEWER })
@APIResponse(responseCode = "401", description = "No valid token")
@APIResponse(responseCode = "403", description = "Role not allowed")
public class AlertRuleResource {

    /** The rules and the alerts that fire now. */
    @RegisterForReflection
    public record AlertOverview(List<AlertRuleView> rules, List<Alert> firing) {
    }

    private final AlertRuleService rules;
    private final AlertStateRepository states;

    public AlertRuleResource(AlertRuleService rules, AlertStateRepository states) {
        this.rules = rules;
        this.states = states;
    }

    @GET
    @Operation(summary = "Alert rules and the alerts firing now")
    public Uni<AlertOverview> list() {
        return Uni.combine().all().unis(rules.list(), states.firing()).with(AlertOverview::new);
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({ Roles.ADMIN, Roles.OPERATOR })
    @ResponseStatus(201)
    @Operation(summary = "Create an alert rule")
    @APIResponse(responseCode = "201", description = "Created")
    @APIResponse(responseCode = "400", description = "Malformed JSON or invalid fields (each listed)")
    @APIResponse(responseCode = "409", description = "A rule with that name exists")
    public Uni<AlertRuleView> create(@Valid @NotNull AlertRuleRequest request) {
        return rules.create(request);
    }

    @GET
    @Path("{id}")
    @Operation(summary = "One alert rule")
    @APIResponse(responseCode = "404", description = "No such rule")
    public Uni<AlertRuleView> get(@PathParam("id") UUID id) {
        return rules.get(id);
    }

    @PUT
    @Path("{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({ Roles.ADMIN, Roles.OPERATOR })
    @Operation(summary = "Replace an alert rule")
    @APIResponse(responseCode = "400", description = "Malformed JSON or invalid fields (each listed)")
    @APIResponse(responseCode = "404", description = "No such rule")
    @APIResponse(responseCode = "409", description = "Another rule has that name")
    public Uni<AlertRuleView> replace(@PathParam("id") UUID id, @Valid @NotNull AlertRuleRequest request) {
        return rules.replace(id, request);
    }

    @DELETE
    @Path("{id}")
    @RolesAllowed({ Roles.ADMIN, Roles.OPERATOR })
    @Operation(summary = "Delete an alert rule (built-in rules can only be disabled)")
    @APIResponse(responseCode = "204", description = "Deleted")
    @APIResponse(responseCode = "404", description = "No such rule")
    @APIResponse(responseCode = "409", description = "A built-in rule")
    public Uni<Void> delete(@PathParam("id") UUID id) {
        return rules.delete(id);
    }
}
