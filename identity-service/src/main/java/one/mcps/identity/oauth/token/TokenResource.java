package one.mcps.identity.oauth.token;

import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestForm;

import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import one.mcps.identity.audit.ClientAddress;
import one.mcps.identity.oauth.NoStore;
import one.mcps.identity.oauth.OAuthError;

/** The token and revocation endpoints of the authorization server (public clients: no client authentication). */
@Path("/oauth")
@Tag(name = "OAuth")
@PermitAll
@Produces(MediaType.APPLICATION_JSON)
public class TokenResource {

    private final OAuthTokenService tokens;
    private final OAuthRevocations revocations;
    private final ClientAddress addresses;

    public TokenResource(OAuthTokenService tokens, OAuthRevocations revocations, ClientAddress addresses) {
        this.tokens = tokens;
        this.revocations = revocations;
        this.addresses = addresses;
    }

    @POST
    @Path("/token")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Operation(summary = "authorization_code (with PKCE) or refresh_token grant")
    @APIResponse(responseCode = "200", description = "An access token bound to the resource, and a refresh token")
    @APIResponse(responseCode = "400", description = "RFC 6749 §5.2 error (invalid_grant, invalid_request, ...)")
    public Uni<Response> token(@RestForm("grant_type") String grantType, @RestForm("code") String code,
            @RestForm("redirect_uri") String redirectUri, @RestForm("client_id") String clientId,
            @RestForm("code_verifier") String codeVerifier, @RestForm("refresh_token") String refreshToken,
            @RestForm("scope") String scope, @RestForm("resource") String resource,
            @RestForm("client_secret") String clientSecret, @Context HttpServerRequest http) {
        if (clientSecret != null || http.getHeader("Authorization") != null) {
            // Every client here is public; a secret would be meaningless, and accepting it silently would let a
            // confidential client believe it authenticated.
            throw OAuthError.invalidClient("This server has public clients only (token_endpoint_auth_method none).");
        }
        return tokens.token(new TokenRequest(grantType, code, redirectUri, clientId, codeVerifier, refreshToken,
                scope, resource), addresses.of(http))
                .map(answer -> NoStore.apply(Response.ok(answer)).build());
    }

    @POST
    @Path("/revoke")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Operation(summary = "Revoke a refresh token (with its family) or an access token (RFC 7009); always 200")
    @APIResponse(responseCode = "200", description = "Revoked, or nothing to revoke")
    public Uni<Response> revoke(@RestForm("token") String token, @RestForm("client_id") String clientId,
            @Context HttpServerRequest http) {
        if (token == null || token.isBlank()) {
            throw OAuthError.of(OAuthError.INVALID_REQUEST, "token is missing.");
        }
        return revocations.revoke(token, clientId, addresses.of(http))
                .replaceWith(() -> NoStore.apply(Response.ok()).build());
    }

    /**
     * A client that sends its token or revocation request as anything but a form (JSON, no body) learns what is wrong
     * in the RFC 6749 error format it reads, not as the platform's 415 problem.
     */
    @POST
    @Path("/token")
    @Consumes(MediaType.WILDCARD)
    @Operation(hidden = true)
    public Response tokenNotAForm() {
        throw notAForm("token");
    }

    @POST
    @Path("/revoke")
    @Consumes(MediaType.WILDCARD)
    @Operation(hidden = true)
    public Response revokeNotAForm() {
        throw notAForm("revocation");
    }

    private static OAuthError notAForm(String request) {
        return OAuthError.of(OAuthError.INVALID_REQUEST,
                "The " + request + " request must be a form (application/x-www-form-urlencoded).");
    }
}
