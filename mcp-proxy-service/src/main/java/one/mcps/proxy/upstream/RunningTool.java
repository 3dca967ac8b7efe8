package one.mcps.proxy.upstream;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * A running tool as tool-service describes it at {@code GET /internal/tools/running}. Fields tool-service adds later
 * are ignored, so the two services can be released independently.
 */
@RegisterForReflection
@JsonIgnoreProperties(ignoreUnknown = true)
public record RunningTool(String id, String name, String displayName, String transport, String url,
        Map<String, String> headers, List<String> allowedRoles, Long callTimeoutMs, Integer maxConcurrency,
        String sharing, List<String> tags, String state, Object serverInfo, Object capabilities) {

    public static final String STDIO = "stdio";
    public static final String SSE = "sse";
    public static final String STREAMABLE_HTTP = "streamable_http";
    public static final String PER_SESSION = "per_session";

    public Map<String, String> headers() {
        return headers == null ? Map.of() : headers;
    }

    public List<String> allowedRoles() {
        return allowedRoles == null ? List.of() : allowedRoles;
    }

    /** Each client session must have an upstream session (for a bridged STDIO tool: a process) of its own. */
    public boolean perSession() {
        return PER_SESSION.equals(sharing);
    }

    /** STDIO tools are reached through tool-service's bridge, which wants this service's own token. */
    public boolean viaBridge() {
        return STDIO.equals(transport);
    }
}
