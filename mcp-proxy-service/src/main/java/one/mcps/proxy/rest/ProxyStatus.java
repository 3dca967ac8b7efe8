package one.mcps.proxy.rest;

import java.util.List;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** {@code GET /api/v1/mcp/proxy/status}. */
@RegisterForReflection
public record ProxyStatus(boolean running, int sessions, long callsTotal, double callsPerSecond, long callEventsDropped,
        List<UpstreamStatus> upstreams) {

    @RegisterForReflection
    public record UpstreamStatus(String name, String transport, String state, int tools, int resources,
            int resourceTemplates, int prompts) {
    }
}
