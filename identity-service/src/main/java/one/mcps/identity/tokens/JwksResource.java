package one.mcps.identity.tokens;

import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/.well-known/jwks.json")
@Tag(name = "Auth")
@PermitAll
public class JwksResource {

    private static final String JWKS_MEDIA_TYPE = "application/jwk-set+json";
    private final SigningKeys keys;

    public JwksResource(SigningKeys keys) {
        this.keys = keys;
    }

    @GET
    @Produces({ "application/json", JWKS_MEDIA_TYPE })
    @Operation(summary = "The public keys that verify every MCPS.ONE token (current and not yet retired ones)")
    public Response jwks() {
        return Response.ok(keys.jwksJson(), "application/json").header("Cache-Control", "public, max-age=300").build();
    }
}
