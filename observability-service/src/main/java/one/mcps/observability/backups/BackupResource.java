package one.mcps.observability.backups;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.ResponseStatus;
import org.jboss.resteasy.reactive.RestResponse;

import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import one.mcps.platform.security.Caller;
import one.mcps.platform.security.Roles;

@Path("/api/v1/system/backups")
@Tag(name = "System")
@RolesAllowed(Roles.ADMIN)
@APIResponse(responseCode = "401", description = "No valid token")
@APIResponse(responseCode = "403", description = "Only admins handle backups")
public class BackupResource {

    private final BackupService backups;
    private final SecurityIdentity identity;

    public BackupResource(BackupService backups, SecurityIdentity identity) {
        this.backups = backups;
        this.identity = identity;
    }

    @POST
    @Produces(MediaType.APPLICATION_JSON)
    @ResponseStatus(201)
    @Operation(summary = "Back up the platform's configuration; the report says which services were included")
    @APIResponse(responseCode = "201", description = "The backup and its per-service report")
    public Uni<BackupView> create() {
        return backups.create(Caller.of(identity).username());
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Backups, newest first")
    public Uni<List<BackupView>> list() {
        return backups.list();
    }

    @GET
    @Path("{id}")
    @Produces("application/gzip")
    @Operation(summary = "Download a backup (gzip JSON); X-Checksum-SHA256 carries its checksum")
    @APIResponse(responseCode = "404", description = "No such backup")
    @APIResponse(responseCode = "409", description = "The file no longer matches its checksum")
    public Uni<RestResponse<byte[]>> download(@PathParam("id") UUID id) {
        return backups.get(id).chain(view -> backups.download(id).map(bytes -> RestResponse.ResponseBuilder
                .ok(bytes).header("Content-Disposition", "attachment; filename=\"mcps-backup-" + id + ".json.gz\"")
                .header("X-Checksum-SHA256", view.sha256()).build()));
    }

    @POST
    @Path("{id}/restore")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Put a backup's configuration back (upsert by id); reports per service")
    @APIResponse(responseCode = "404", description = "No such backup")
    @APIResponse(responseCode = "409", description = "The file no longer matches its checksum")
    public Uni<Map<String, Object>> restore(@PathParam("id") UUID id) {
        return backups.restore(id);
    }
}
