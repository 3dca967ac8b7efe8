package one.mcps.identity.oauth.authorize;

import io.quarkus.qute.TemplateData;

/** What the login and consent pages show (Qute escapes every value). */
@TemplateData
public record PageView(String clientName, String clientId, String redirectHost, String access, String resource,
        String request, String csrf, String username, String error) {

    public PageView withError(String message, String name) {
        return new PageView(clientName, clientId, redirectHost, access, resource, request, csrf, name, message);
    }
}
