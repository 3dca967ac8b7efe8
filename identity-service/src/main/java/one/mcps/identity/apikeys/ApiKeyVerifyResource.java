package one.mcps.identity.apikeys;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.smallrye.mutiny.Uni;
import one.mcps.platform.errors.ProblemException;
import one.mcps.platform.security.ApiKeyOwner;
import one.mcps.platform.security.ApiKeyVerifier;
import one.mcps.platform.security.Roles;

/** Other services' {@code RemoteApiKeyVerifier} asks here who an API key belongs to. */
@Path("/internal/api-keys/verify")
@Tag(name = "Internal")
@RolesAllowed(Roles.SERVICE)
public class ApiKeyVerifyResource {

    private final ApiKeyVerifier verifier;

    public ApiKeyVerifyResource(ApiKeyVerifier verifier) {
        this.verifier = verifier;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "The owner, roles and server scope of a valid API key")
    @APIResponse(responseCode = "200", description = "The key is valid")
    @APIResponse(responseCode = "404", description = "Unknown, revoked or expired key, or its owner is disabled")
    public Uni<ApiKeyOwner> verify(@NotNull @Valid VerifyApiKeyRequest request) {
        return verifier.verify(request.key()).map(owner -> owner
                .orElseThrow(() -> ProblemException.notFound("This API key is not valid.")));
    }
}
