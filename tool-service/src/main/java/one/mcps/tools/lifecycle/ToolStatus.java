package one.mcps.tools.lifecycle;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * What {@code GET /api/v1/tools/{tool_id}/status} answers. {@code tools} names the server's MCP tools. A
 * {@code per_session} tool lists its processes in {@code instances} ({@code pid} is then null; CPU and memory are
 * summed over them); {@code instance_count} is how many processes the tool has now.
 */
@RegisterForReflection
public record ToolStatus(UUID id, String name, String state, Long pid, Instant startedAt, Long uptimeS,
        int restarts, Integer lastExitCode, String lastError, Double cpuPercent, Long rssBytes, JsonNode serverInfo,
        JsonNode capabilities, String protocolVersion, List<String> tools, String sharing, int instanceCount,
        List<InstanceStatus> instances) {
}
