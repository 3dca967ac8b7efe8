package one.mcps.tools.internal;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * A running tool as mcp-proxy-service connects to it: {@code url} is the bridge for stdio tools, the server's
 * own for remote ones; {@code headers} are decrypted (only services see this).
 */
@RegisterForReflection
public record RunningToolView(UUID id, String name, String displayName, String transport, String url,
        Map<String, String> headers, List<String> allowedRoles, long callTimeoutMs, int maxConcurrency,
        String sharing, List<String> tags, String state, JsonNode serverInfo, JsonNode capabilities) {
}
