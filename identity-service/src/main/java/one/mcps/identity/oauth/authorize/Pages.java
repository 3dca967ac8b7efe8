package one.mcps.identity.oauth.authorize;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import jakarta.inject.Singleton;

import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import one.mcps.platform.mcp.McpResources;
import one.mcps.identity.oauth.Scopes;
import one.mcps.platform.security.OAuthTokens;

/** The server-rendered pages of the authorization (Qute, no JavaScript). */
@Singleton
public class Pages {

    static final int BAD_REQUEST = 400;

    private final Template login;
    private final Template consent;
    private final Template error;
    private final McpResources resources;

    public Pages(@Location("oauth/login.html") Template login, @Location("oauth/consent.html") Template consent,
            @Location("oauth/error.html") Template error, McpResources resources) {
        this.login = login;
        this.consent = consent;
        this.error = error;
        this.resources = resources;
    }

    PageView view(PendingAuthorization pending, String request, String csrf, String username) {
        return new PageView(pending.clientName, pending.clientId, host(pending.redirectUri),
                access(Scopes.of(pending.scopes), pending.resource), pending.resource, request, csrf,
                username == null ? "" : username, null);
    }

    Step login(int status, PageView view) {
        return Step.page(status, login.data("view", view).render());
    }

    Step consent(PageView view) {
        return Step.page(200, consent.data("view", view).render());
    }

    Step error(int status, String title, String message) {
        return Step.page(status, error.data("title", title).data("message", message).render());
    }

    /** Says in words what the scopes and resource let the client reach. */
    private String access(Set<String> scopes, String resource) {
        List<String> servers = new ArrayList<>();
        Set<String> limited = OAuthTokens.servers(String.join(" ", scopes));
        String server = resources.serverOf(resource).orElse(null);
        if (server != null) {
            return "your MCP server \"" + server + "\"";
        }
        if (limited == null) {
            return "every MCP server you may use";
        }
        servers.addAll(limited);
        return "your MCP server" + (servers.size() == 1 ? " " : "s ") + "\"" + String.join("\", \"", servers) + "\"";
    }

    private static String host(String redirectUri) {
        try {
            URI uri = URI.create(redirectUri);
            if (uri.getHost() == null) {
                return uri.getScheme() + ":";
            }
            return uri.getScheme() + "://" + uri.getHost() + (uri.getPort() > 0 ? ":" + uri.getPort() : "");
        } catch (IllegalArgumentException e) {
            return redirectUri;
        }
    }
}
