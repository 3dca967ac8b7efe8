package one.mcps.gateway.admin;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** The JSON bodies of the gateway's own API. */
public final class ProxyViews {

    private ProxyViews() {
    }

    @RegisterForReflection
    public record InstanceStatus(String url, String health) {
    }

    @RegisterForReflection
    public record RouteStatus(String name, String upstream, List<String> prefixes, String health,
            List<InstanceStatus> instances, long requests, long errors, double p50Ms, double p99Ms) {
    }

    @RegisterForReflection
    public record Maintenance(boolean active, String reason, String startedBy, Instant since, Long retryAfterS) {

        static Maintenance of(MaintenanceMode.State state) {
            return state == null ? new Maintenance(false, null, null, null, null)
                    : new Maintenance(true, state.reason(), state.startedBy(), state.since(), state.retryAfterS());
        }
    }

    @RegisterForReflection
    public record Status(String status, Maintenance maintenance, List<RouteStatus> routes) {
    }

    @RegisterForReflection
    public record RouteConfig(String name, String upstream, List<String> prefixes, List<String> urls,
            long timeoutMs, boolean streaming, boolean sessionAffinity, boolean countToolCalls, long maxBodyBytes) {
    }

    @RegisterForReflection
    public record Cors(List<String> origins) {
    }

    @RegisterForReflection
    public record Config(List<RouteConfig> routes, Map<String, Object> rateLimits, Cors cors,
            List<String> publicPaths) {
    }
}
