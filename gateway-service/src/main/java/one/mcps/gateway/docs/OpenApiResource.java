package one.mcps.gateway.docs;

import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.smallrye.mutiny.Uni;
import one.mcps.platform.errors.Problem;

/** Each service's OpenAPI document through the gateway, for the Swagger UI at /docs and ReDoc at /redoc. */
@Path("/api/v1/proxy/openapi")
@PermitAll
@Tag(name = "Docs", description = "Every service's OpenAPI document, for Swagger UI (/docs) and ReDoc (/redoc)")
public class OpenApiResource {

    private final OpenApiDocuments documents;

    public OpenApiResource(OpenApiDocuments documents) {
        this.documents = documents;
    }

    @GET
    @Path("/{service}")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "The OpenAPI document of a service behind the gateway (e.g. tool-service)")
    @APIResponse(responseCode = "200", description = "The service's OpenAPI 3 document")
    @APIResponse(responseCode = "404", description = "No such service",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "503", description = "The service does not answer",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Uni<String> openApi(@PathParam("service") String service) {
        return documents.document(service);
    }
}
