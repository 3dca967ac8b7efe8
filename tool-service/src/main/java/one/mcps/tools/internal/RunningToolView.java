package one.mcps.tools.internal;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * A running tool as mcp-proxy-service connects to it: {@code url} is the bridge of the instance that owns a stdio
 * tool, the server's own for a remote one; {@code headers} are decrypted (only services see this). {@code owner}
 * and {@code generation} name the instance running it and its lease generation (a higher generation is newer).
 * {@code bridgeUrls}: for a per_session stdio tool, its bridge on every live instance, owner's first (any of them
 * starts a process for a new session); null otherwise.
 */
@RegisterForReflection
public record RunningToolView(UUID id, String name, String displayName, String transport, String url,
        Map<String, String> headers, List<String> allowedRoles, long callTimeoutMs, int maxConcurrency,
        String sharing, List<String> tags, String state, JsonNode serverInfo, JsonNode capabilities, String owner,
        long generation, List<String> bridgeUrls) {
}
