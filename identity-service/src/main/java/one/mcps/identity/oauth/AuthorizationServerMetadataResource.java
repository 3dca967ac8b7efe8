package one.mcps.identity.oauth;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import one.mcps.identity.oauth.clients.DynamicRegistrationSwitch;
import one.mcps.platform.security.OAuthTokens;

/**
 * RFC 8414 authorization server metadata, also served at the OpenID discovery path because some MCP clients look
 * there first. Every URL is under the issuer (the platform's public URL), which the gateway forwards here.
 */
@Path("/.well-known")
@Tag(name = "OAuth")
@PermitAll
@Produces(MediaType.APPLICATION_JSON)
public class AuthorizationServerMetadataResource {

    private final OAuthIssuer issuer;
    private final DynamicRegistrationSwitch registration;

    public AuthorizationServerMetadataResource(OAuthIssuer issuer, DynamicRegistrationSwitch registration) {
        this.issuer = issuer;
        this.registration = registration;
    }

    @GET
    @Path("/oauth-authorization-server")
    @Operation(summary = "OAuth 2.1 authorization server metadata (RFC 8414)")
    public Map<String, Object> metadata() {
        String issuer = this.issuer.value();
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("issuer", issuer);
        metadata.put("authorization_endpoint", issuer + "/oauth/authorize");
        metadata.put("token_endpoint", issuer + "/oauth/token");
        if (registration.isEnabled()) {
            metadata.put("registration_endpoint", issuer + "/oauth/register");
        }
        metadata.put("revocation_endpoint", issuer + "/oauth/revoke");
        metadata.put("jwks_uri", issuer + "/.well-known/jwks.json");
        metadata.put("response_types_supported", List.of("code"));
        metadata.put("response_modes_supported", List.of("query"));
        metadata.put("grant_types_supported", List.of("authorization_code", "refresh_token"));
        metadata.put("code_challenge_methods_supported", List.of(Pkce.S256));
        metadata.put("token_endpoint_auth_methods_supported", List.of("none"));
        metadata.put("revocation_endpoint_auth_methods_supported", List.of("none"));
        metadata.put("scopes_supported", List.of(OAuthTokens.SCOPE_MCP));
        metadata.put("authorization_response_iss_parameter_supported", true);
        metadata.put("client_id_metadata_document_supported", true);
        return metadata;
    }

    @GET
    @Path("/openid-configuration")
    @Operation(summary = "The same metadata at the OpenID discovery path (a subset: no ID tokens, no userinfo)")
    public Map<String, Object> openidConfiguration() {
        return metadata();
    }
}
