package one.mcps.observability.alerts;

import java.util.HashMap;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.smallrye.mutiny.Uni;
import one.mcps.observability.monitoring.CallStats;
import one.mcps.observability.monitoring.CallStatsRepository;
import one.mcps.observability.monitoring.HostMetrics;
import one.mcps.observability.monitoring.HostSampler;
import one.mcps.observability.monitoring.ToolStateRepository;

/** The current value of a rule's metric per subject: each tool for tool metrics, {@code ""} for the host. */
@ApplicationScoped
public class MetricReader {

    static final String HOST = "";

    private final HostSampler host;
    private final ToolStateRepository tools;
    private final CallStatsRepository calls;
    private final long minCalls;

    public MetricReader(HostSampler host, ToolStateRepository tools, CallStatsRepository calls,
            @ConfigProperty(name = "mcps.alerts.error-rate-min-calls") long minCalls) {
        this.host = host;
        this.tools = tools;
        this.calls = calls;
        this.minCalls = minCalls;
    }

    public Uni<Map<String, Double>> values(Metric metric, int windowS) {
        HostMetrics h = host.latest();
        return switch (metric) {
            case HOST_CPU_PERCENT -> host(h == null ? null : h.cpuPercent());
            case HOST_MEMORY_PERCENT -> host(h == null ? null : h.memoryPercent());
            case HOST_DISK_PERCENT -> host(h == null ? null : h.diskPercent());
            case TOOL_FAILED -> tools.all().map(states -> {
                Map<String, Double> values = new HashMap<>();
                states.forEach(s -> values.put(s.tool(), "failed".equals(s.state()) ? 1.0 : 0.0));
                return values;
            });
            case TOOL_ERROR_RATE_PERCENT -> calls.perTool(windowS).map(list -> {
                Map<String, Double> values = new HashMap<>();
                // Too few calls say nothing about a rate: one failed call of one is not "100 % errors".
                list.stream().filter(s -> s.calls() >= minCalls)
                        .forEach(s -> values.put(s.tool(), s.errorRatePercent()));
                return values;
            });
            case TOOL_P95_LATENCY_MS -> calls.perTool(windowS).map(list -> {
                Map<String, Double> values = new HashMap<>();
                list.stream().filter(s -> s.p95Ms() != null).forEach(s -> values.put(s.tool(), s.p95Ms()));
                return values;
            });
        };
    }

    private static Uni<Map<String, Double>> host(Double value) {
        Map<String, Double> values = new HashMap<>();
        if (value != null) {
            values.put(HOST, value);
        }
        return Uni.createFrom().item(values);
    }
}
