package one.mcps.proxy.agent;

import java.util.List;
import java.util.Map;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/**
 * {@code POST /api/v1/mcp/agent/execute}: steps run in order. An argument written as
 * {@code {"$step": 0, "$pointer": "/content/0/text"}} takes its value from an earlier step's result (RFC 6901
 * JSON Pointer into that step's CallToolResult).
 */
public record AgentPlan(@NotEmpty @Size(max = 50) List<@Valid @NotNull Step> steps, Boolean continueOnError) {

    public record Step(@NotBlank String tool, Map<String, Object> arguments) {
    }

    public boolean continuing() {
        return Boolean.TRUE.equals(continueOnError);
    }
}
