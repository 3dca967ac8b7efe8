package one.mcps.gateway.oauth;

import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import one.mcps.platform.errors.ProblemException;
import one.mcps.platform.mcp.McpResources;

/**
 * RFC 9728 metadata of the MCP endpoints, where MCP clients look for it: {@code /mcp} and each
 * {@code /servers/{name}/mcp} at the path-suffixed well-known URL, {@code /mcp} also at the root one. It names the
 * authorization server (identity-service, reached at the public URL through this gateway).
 */
@Path(McpResources.METADATA_PATH)
@PermitAll
@Produces(MediaType.APPLICATION_JSON)
public class ProtectedResourceMetadataResource {

    private final McpResources resources;
    private final String authorizationServer;

    public ProtectedResourceMetadataResource(McpResources resources,
            @ConfigProperty(name = "mcps.public-url") String publicUrl) {
        this.resources = resources;
        this.authorizationServer = publicUrl.endsWith("/") ? publicUrl.substring(0, publicUrl.length() - 1)
                : publicUrl;
    }

    @GET
    public ProtectedResourceMetadata root() {
        return metadata("");
    }

    @GET
    @Path("{suffix: .+}")
    public ProtectedResourceMetadata suffixed(@PathParam("suffix") String suffix) {
        return metadata("/" + suffix);
    }

    private ProtectedResourceMetadata metadata(String suffix) {
        McpResources.Resource resource = resources.ofMetadataSuffix(suffix);
        if (resource == null) {
            throw ProblemException.notFound("No MCP resource is described at " + McpResources.METADATA_PATH + suffix
                    + "; the MCP endpoints are /mcp and /servers/{name}/mcp.");
        }
        return ProtectedResourceMetadata.of(resource, authorizationServer);
    }
}
