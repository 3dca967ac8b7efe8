package one.mcps.proxy.rest;

import java.util.Map;

import jakarta.validation.constraints.NotBlank;

/** {@code POST /api/v1/mcp/unified/call}: a tool of a server, by the server's own tool name. */
public record UnifiedCallRequest(@NotBlank String server, @NotBlank String tool, Map<String, Object> arguments) {
}
