package one.mcps.gateway.oauth;

import java.util.List;

import one.mcps.platform.mcp.McpResources;

/** An RFC 9728 protected resource metadata document (snake_case like every platform body, as the RFC names it). */
public record ProtectedResourceMetadata(String resource, List<String> authorizationServers,
        List<String> scopesSupported, List<String> bearerMethodsSupported, String resourceName) {

    static ProtectedResourceMetadata of(McpResources.Resource resource, String authorizationServer) {
        String name = resource.server() == null ? "MCPS.ONE: every MCP server you may use"
                : "MCPS.ONE: MCP server " + resource.server();
        return new ProtectedResourceMetadata(resource.uri(), List.of(authorizationServer),
                List.of(resource.scope()), List.of("header"), name);
    }
}
