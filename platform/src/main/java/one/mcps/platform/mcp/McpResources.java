package one.mcps.platform.mcp;

import java.net.URI;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import one.mcps.platform.security.OAuthTokens;

/**
 * The MCP endpoints as OAuth protected resources (RFC 9728, RFC 8707): each request path's canonical resource URI,
 * built from the public URL clients use ({@code mcps.public-url}, right behind an Ingress), where its metadata
 * document lives, and the {@code WWW-Authenticate} challenge that points a client there. {@code /mcp} (and the legacy
 * {@code /sse}) is one resource, every server's {@code /servers/{name}/mcp} (and {@code /sse}) another.
 */
@ApplicationScoped
public class McpResources {

    public static final String METADATA_PATH = "/.well-known/oauth-protected-resource";
    private static final Pattern SERVER_PATH = Pattern.compile("^/servers/([^/]+)/(mcp|sse)/?$");
    private static final Pattern ALL_PATH = Pattern.compile("^/(mcp|sse)/?$");

    private final String origin;
    private final String basePath;

    public McpResources(@ConfigProperty(name = "mcps.public-url") String publicUrl) {
        URI uri = URI.create(publicUrl.endsWith("/") ? publicUrl.substring(0, publicUrl.length() - 1) : publicUrl);
        this.origin = uri.getScheme() + "://" + uri.getRawAuthority();
        this.basePath = uri.getRawPath() == null ? "" : uri.getRawPath();
    }

    /** What a resource path means: every server ({@code server} null) or one. */
    public record Resource(String uri, String path, String server) {

        /** The scope a client asks for to use this resource. */
        public String scope() {
            return server == null ? OAuthTokens.SCOPE_MCP : OAuthTokens.SCOPE_SERVER_PREFIX + server;
        }
    }

    /**
     * The resource a request to this path (as the service sees it, without the public URL's path) is for; null
     * for a path that is no resource of its own (the legacy {@code /messages}, bound to the session its
     * {@code /sse} stream opened).
     */
    public Resource ofRequestPath(String path) {
        Matcher server = SERVER_PATH.matcher(path);
        if (server.matches()) {
            return resource(server.group(1));
        }
        return ALL_PATH.matcher(path).matches() ? resource(null) : null;
    }

    /** The resource whose metadata lives at {@code METADATA_PATH + suffix} (the public URL's path included). */
    public Resource ofMetadataSuffix(String suffix) {
        if (suffix.isEmpty() || suffix.equals("/")) {
            return resource(null);
        }
        if (!suffix.startsWith(basePath)) {
            return null;
        }
        String path = suffix.substring(basePath.length());
        Matcher server = SERVER_PATH.matcher(path);
        if (server.matches() && server.group(2).equals("mcp")) {
            return resource(server.group(1));
        }
        return path.equals("/mcp") ? resource(null) : null;
    }

    /** The canonical URI of {@code /mcp}: every server the caller may use. */
    public String all() {
        return resource(null).uri();
    }

    /** The resource a canonical URI names ({@code resource} of an OAuth request, a token's {@code aud}); or null. */
    public Resource ofUri(String uri) {
        String prefix = origin + basePath;
        if (uri == null || !uri.startsWith(prefix)) {
            return null;
        }
        String path = uri.substring(prefix.length());
        Matcher server = SERVER_PATH.matcher(path);
        if (server.matches() && server.group(2).equals("mcp") && !path.endsWith("/")) {
            return resource(server.group(1));
        }
        return path.equals("/mcp") ? resource(null) : null;
    }

    /** The server a one-server resource URI names; empty for {@code /mcp} or anything else. */
    public Optional<String> serverOf(String uri) {
        return Optional.ofNullable(ofUri(uri)).map(Resource::server);
    }

    /** Where the resource's metadata document is (RFC 9728 §3.1: the well-known segment before the path). */
    public String metadataUrl(Resource resource) {
        return origin + METADATA_PATH + resource.path();
    }

    /**
     * The challenge of a refusal (RFC 6750 §3, RFC 9728 §5.1): {@code error} is null when no credential came,
     * {@code invalid_token} for a bad one, {@code insufficient_scope} for one without the scope needed.
     */
    public String challenge(Resource resource, String error, String description) {
        StringBuilder value = new StringBuilder("Bearer resource_metadata=\"").append(metadataUrl(resource))
                .append("\", scope=\"").append(resource.scope()).append('"');
        if (error != null) {
            value.append(", error=\"").append(error).append('"');
            if (description != null) {
                value.append(", error_description=\"").append(description.replace("\"", "'")).append('"');
            }
        }
        return value.toString();
    }

    private Resource resource(String server) {
        String path = basePath + (server == null ? "/mcp" : "/servers/" + server + "/mcp");
        return new Resource(origin + path, path, server);
    }
}
