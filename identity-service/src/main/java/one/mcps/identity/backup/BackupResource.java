package one.mcps.identity.backup;

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

import io.smallrye.mutiny.Uni;
import one.mcps.platform.errors.ProblemException;
import one.mcps.platform.security.Roles;

/** The backup contract with observability-service (service tokens only: the export holds password hashes). */
@Path("/internal")
@Tag(name = "Internal")
@RolesAllowed(Roles.SERVICE)
@Produces(MediaType.APPLICATION_JSON)
public class BackupResource {

    private final BackupService backups;

    public BackupResource(BackupService backups) {
        this.backups = backups;
    }

    @GET
    @Path("/export")
    @Operation(summary = "Every user (with password hash) and API key (with key hash)")
    public Uni<IdentityBackup> export() {
        return backups.export();
    }

    @POST
    @Path("/import")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Restore an export: upsert by id, so deleted users and keys return and nothing is lost")
    @APIResponse(responseCode = "400", description = "Not an identity-service export, or a field is invalid")
    @APIResponse(responseCode = "409", description = "A restored username or email belongs to another user now")
    public Uni<ImportResult> restore(@NotNull @Valid IdentityBackup backup) {
        if (!IdentityBackup.SERVICE.equals(backup.service())) {
            throw ProblemException.invalidField("service", "must be " + IdentityBackup.SERVICE);
        }
        return backups.restore(backup);
    }
}
