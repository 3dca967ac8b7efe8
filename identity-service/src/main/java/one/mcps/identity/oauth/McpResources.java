package one.mcps.identity.oauth;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The protected resources a token may be bound to (RFC 8707 {@code resource}, the token's {@code aud}): the
 * platform's aggregated MCP endpoint {@code {public-url}/mcp} and one server's {@code {public-url}/servers/{name}/mcp},
 * exactly as the gateway names them (every service compares {@code aud} with {@code Caller.mayPresentTo}, exactly).
 */
@Singleton
public class McpResources {

    private final String publicUrl;
    private final Pattern serverResource;

    public McpResources(@ConfigProperty(name = "mcps.public-url") String publicUrl) {
        this.publicUrl = publicUrl.endsWith("/") ? publicUrl.substring(0, publicUrl.length() - 1) : publicUrl;
        this.serverResource = Pattern.compile(Pattern.quote(this.publicUrl) + "/servers/(" + Scopes.SERVER_NAME
                + ")/mcp");
    }

    /** The aggregated endpoint: every server the token's scopes allow. */
    public String all() {
        return publicUrl + "/mcp";
    }

    /** Whether {@code resource} is one of the platform's MCP endpoints. */
    public boolean isKnown(String resource) {
        return resource != null && (resource.equals(all()) || server(resource).isPresent());
    }

    /** The server a one-server resource names; empty for the aggregated endpoint or anything else. */
    public Optional<String> server(String resource) {
        Matcher matcher = serverResource.matcher(resource == null ? "" : resource);
        return matcher.matches() ? Optional.of(matcher.group(1)) : Optional.empty();
    }

    /**
     * Whether a token for {@code original} may be narrowed to {@code requested} on refresh: the same resource, or one
     * server's endpoint when the original was the aggregated one.
     */
    public boolean narrows(String original, String requested) {
        return requested.equals(original) || (original.equals(all()) && server(requested).isPresent());
    }
}
