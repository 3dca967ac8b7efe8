package one.mcps.identity.tokens;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import one.mcps.platform.errors.ProblemException;
import one.mcps.platform.errors.ProblemType;

/**
 * OAuth2 client credentials for the services' own {@code /internal/**} calls: {@code client_id} is a service name,
 * {@code client_secret} the shared service secret. With no secret configured, no service token is issued.
 */
@Path("/api/v1/auth/token")
@Tag(name = "Auth")
@PermitAll
public class ServiceTokenResource {

    static final String GRANT_TYPE = "client_credentials";

    private final TokenIssuer issuer;
    private final Set<String> clients;
    private final Optional<String> secret;

    public ServiceTokenResource(TokenIssuer issuer,
            @ConfigProperty(name = "mcps.service.clients") List<String> clients,
            @ConfigProperty(name = "mcps.service.secret") Optional<String> secret) {
        this.issuer = issuer;
        this.clients = Set.copyOf(clients);
        this.secret = secret.filter(s -> !s.isBlank());
    }

    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "A short-lived service token (OAuth2 client credentials) for /internal/** calls")
    @APIResponse(responseCode = "200", description = "A token with the service role")
    @APIResponse(responseCode = "400", description = "grant_type is not client_credentials")
    @APIResponse(responseCode = "401", description = "Unknown client or wrong secret, or client credentials disabled")
    public ServiceTokenResponse token(@FormParam("grant_type") String grantType,
            @FormParam("client_id") String clientId, @FormParam("client_secret") String clientSecret) {
        if (!GRANT_TYPE.equals(grantType)) {
            throw ProblemException.invalidField("grant_type", "must be " + GRANT_TYPE);
        }
        boolean known = clientId != null && clients.contains(clientId);
        boolean secretOk = secret.isPresent() && clientSecret != null
                && Secrets.equal(Secrets.sha256(secret.get()), Secrets.sha256(clientSecret));
        if (!known || !secretOk) {
            throw new ProblemException(ProblemType.UNAUTHORIZED, "The client credentials are not valid.");
        }
        IssuedToken token = issuer.serviceToken(clientId);
        return new ServiceTokenResponse(token.value(), "Bearer",
                Math.max(0, token.expiresAt().getEpochSecond() - Instant.now().getEpochSecond()));
    }
}
