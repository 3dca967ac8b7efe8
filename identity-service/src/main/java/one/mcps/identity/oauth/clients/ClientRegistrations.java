package one.mcps.identity.oauth.clients;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import one.mcps.identity.audit.Actor;
import one.mcps.identity.audit.AuditTrail;
import one.mcps.identity.audit.Printable;
import one.mcps.identity.oauth.OAuthConfig;
import one.mcps.identity.oauth.OAuthError;
import one.mcps.identity.tokens.Secrets;

/**
 * Registers public clients (RFC 7591). Unknown metadata is ignored, as §2 allows: clients send many optional fields
 * (logo_uri, software_id...) that change nothing here. What is kept is the name shown on the consent page and the
 * redirect URIs.
 */
@ApplicationScoped
public class ClientRegistrations {

    static final int MAX_NAME_LENGTH = 200;
    private static final String NONE = "none";
    private static final Set<String> GRANT_TYPES = Set.of("authorization_code", "refresh_token");

    private final RegisteredClientRepository clients;
    private final DynamicRegistrationSwitch enabled;
    private final OAuthConfig config;
    private final ObjectMapper json;
    private final AuditTrail audit;

    public ClientRegistrations(RegisteredClientRepository clients, DynamicRegistrationSwitch enabled,
            OAuthConfig config, ObjectMapper json, AuditTrail audit) {
        this.clients = clients;
        this.enabled = enabled;
        this.config = config;
        this.json = json;
        this.audit = audit;
    }

    public Uni<Map<String, Object>> register(String body, String address) {
        if (!enabled.isEnabled()) {
            return Uni.createFrom().failure(new OAuthError(OAuthError.ACCESS_DENIED, "Dynamic client registration "
                    + "is turned off on this server; identify the client by a client ID metadata document (an https "
                    + "client_id) or ask an administrator.", 403));
        }
        RegisteredClient client;
        try {
            client = validate(body);
        } catch (OAuthError e) {
            return Uni.createFrom().failure(e);
        }
        Actor actor = Actor.anonymous(client.clientName, address);
        return Panache.withTransaction(() -> clients.persist(client)
                .call(() -> audit.success(actor, "oauth.client_registered", "oauth_client", client.clientId,
                        Map.of("client_name", client.clientName, "redirect_uris", List.of(client.redirectUris)))))
                .map(saved -> answer(saved));
    }

    private RegisteredClient validate(String body) {
        JsonNode request;
        try {
            request = body == null || body.isBlank() ? null : json.readTree(body);
        } catch (JsonProcessingException e) {
            throw metadata("The body is not JSON.");
        }
        if (request == null || !request.isObject()) {
            throw metadata("The body must be a JSON object with client_name and redirect_uris.");
        }
        JsonNode name = request.get("client_name");
        if (name == null || !name.isTextual() || name.textValue().isBlank()) {
            throw metadata("client_name is required: the consent page shows it to the user.");
        }
        if (name.textValue().length() > MAX_NAME_LENGTH) {
            throw metadata("client_name is longer than " + MAX_NAME_LENGTH + " characters.");
        }
        List<String> redirects = redirectUris(request.get("redirect_uris"), config.dynamicRegistration()
                .maxRedirectUris());
        JsonNode method = request.get("token_endpoint_auth_method");
        if (method != null && !(method.isTextual() && NONE.equals(method.textValue()))) {
            throw metadata("token_endpoint_auth_method must be 'none': this server registers public clients only "
                    + "(PKCE protects the code).");
        }
        JsonNode grantTypes = request.get("grant_types");
        if (grantTypes != null) {
            if (!grantTypes.isArray()) {
                throw metadata("grant_types must be an array.");
            }
            boolean code = false;
            for (JsonNode type : grantTypes) {
                if (!type.isTextual() || !GRANT_TYPES.contains(type.textValue())) {
                    throw metadata("grant_types may hold only authorization_code and refresh_token.");
                }
                code |= type.textValue().equals("authorization_code");
            }
            if (!code) {
                throw metadata("grant_types must include authorization_code.");
            }
        }
        JsonNode responseTypes = request.get("response_types");
        if (responseTypes != null) {
            if (!responseTypes.isArray()) {
                throw metadata("response_types must be an array.");
            }
            for (JsonNode type : responseTypes) {
                if (!type.isTextual() || !"code".equals(type.textValue())) {
                    throw metadata("response_types may hold only 'code'.");
                }
            }
        }
        RegisteredClient client = new RegisteredClient();
        client.clientId = Secrets.random();
        client.clientName = name.textValue().strip();
        client.redirectUris = redirects.toArray(String[]::new);
        client.createdAt = Instant.now();
        return client;
    }

    /** Reads and checks redirect_uris, shared with client metadata documents. */
    static List<String> redirectUris(JsonNode node, int max) {
        if (node == null || !node.isArray() || node.isEmpty()) {
            throw new OAuthError(OAuthError.INVALID_REDIRECT_URI, "redirect_uris is required: a non-empty array of "
                    + "URIs.", 400);
        }
        if (node.size() > max) {
            throw new OAuthError(OAuthError.INVALID_REDIRECT_URI, "At most " + max + " redirect_uris.", 400);
        }
        List<String> uris = new ArrayList<>();
        for (JsonNode uri : node) {
            String problem = uri.isTextual() ? RedirectUris.problem(uri.textValue()) : "is not a string";
            if (problem != null) {
                throw new OAuthError(OAuthError.INVALID_REDIRECT_URI, "The redirect URI '"
                        + Printable.of(uri.asText()) + "' " + problem + ".", 400);
            }
            uris.add(uri.textValue());
        }
        return uris;
    }

    private static Map<String, Object> answer(RegisteredClient client) {
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("client_id", client.clientId);
        answer.put("client_id_issued_at", client.createdAt.getEpochSecond());
        answer.put("client_name", client.clientName);
        answer.put("redirect_uris", List.of(client.redirectUris));
        answer.put("grant_types", List.of("authorization_code", "refresh_token"));
        answer.put("response_types", List.of("code"));
        answer.put("token_endpoint_auth_method", NONE);
        return answer;
    }

    private static OAuthError metadata(String description) {
        return new OAuthError(OAuthError.INVALID_CLIENT_METADATA, description, 400);
    }
}
