package one.mcps.observability.system;

import java.util.List;
import java.util.Map;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import com.fasterxml.jackson.databind.JsonNode;

import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import one.mcps.platform.security.Caller;
import one.mcps.platform.security.Roles;

@Path("/api/v1/system/config")
@Tag(name = "System", description = "Status, health, metrics, runtime settings, restarts and backups")
@Produces(MediaType.APPLICATION_JSON)
@APIResponse(responseCode = "401", description = "No valid token")
@APIResponse(responseCode = "403", description = "Role not allowed")
public class SettingsResource {

    private final SettingsService settings;
    private final SettingsCatalog catalog;
    private final SecurityIdentity identity;

    public SettingsResource(SettingsService settings, SettingsCatalog catalog, SecurityIdentity identity) {
        this.settings = settings;
        this.catalog = catalog;
        this.identity = identity;
    }

    @GET
    @RolesAllowed({ Roles.ADMIN, Roles.OPERATOR })
    @Operation(summary = "Every runtime setting with its current value")
    public Uni<Map<String, JsonNode>> get() {
        return settings.current();
    }

    @GET
    @Path("definitions")
    @RolesAllowed({ Roles.ADMIN, Roles.OPERATOR })
    @Operation(summary = "The known settings: key, type, range, description")
    public List<SettingDefinition> definitions() {
        return catalog.definitions();
    }

    @PUT
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.ADMIN)
    @Operation(summary = "Change some settings ({\"key\": value, ...}); each change is announced on mcps.system.config")
    @APIResponse(responseCode = "200", description = "Every setting after the change")
    @APIResponse(responseCode = "400", description = "Malformed JSON")
    @APIResponse(responseCode = "422", description = "An unknown key or a value of the wrong type (each listed)")
    public Uni<Map<String, JsonNode>> put(Map<String, JsonNode> changes) {
        return settings.update(changes, Caller.of(identity).username());
    }
}
