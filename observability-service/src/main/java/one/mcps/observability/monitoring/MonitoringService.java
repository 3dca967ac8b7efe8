package one.mcps.observability.monitoring;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.smallrye.mutiny.Uni;

/** The metrics document of {@code /api/v1/monitoring/metrics}. */
@ApplicationScoped
public class MonitoringService {

    private final CallStatsRepository calls;
    private final ToolStateRepository tools;
    private final HostSampler host;
    private final List<Integer> windows;

    public MonitoringService(CallStatsRepository calls, ToolStateRepository tools, HostSampler host,
            @ConfigProperty(name = "mcps.monitoring.windows-minutes") List<Integer> windows) {
        this.calls = calls;
        this.tools = tools;
        this.host = host;
        this.windows = windows;
    }

    public Uni<Map<String, Object>> metrics() {
        int longest = Collections.max(windows);
        return Uni.combine().all().unis(calls.stats(windows), tools.all(), calls.activeSessions(longest))
                .with((stats, states, sessions) -> {
                    Map<String, Object> overall = new LinkedHashMap<>();
                    Map<String, Map<String, Object>> perTool = new TreeMap<>();
                    for (CallStats s : stats) {
                        String window = s.windowMinutes() + "m";
                        if (s.tool() == null) {
                            overall.put(window, s);
                        } else {
                            perTool.computeIfAbsent(s.tool(), t -> new LinkedHashMap<>()).put(window, s);
                        }
                    }
                    Map<String, Object> toolSummary = new LinkedHashMap<>();
                    toolSummary.put("by_state", states.stream()
                            .collect(Collectors.groupingBy(ToolState::state, TreeMap::new, Collectors.counting())));
                    toolSummary.put("restarts", states.stream().mapToLong(ToolState::restarts).sum());
                    toolSummary.put("states", states);
                    Map<String, Object> metrics = new LinkedHashMap<>();
                    metrics.put("generated_at", Instant.now());
                    metrics.put("calls", overall);
                    metrics.put("calls_by_tool", perTool);
                    metrics.put("tools", toolSummary);
                    metrics.put("sessions", Map.of("active", sessions, "window_minutes", longest));
                    metrics.put("host", host.latest());
                    return metrics;
                });
    }
}
