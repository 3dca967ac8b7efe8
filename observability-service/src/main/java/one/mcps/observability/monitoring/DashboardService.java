package one.mcps.observability.monitoring;

import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.smallrye.mutiny.Uni;
import one.mcps.observability.alerts.AlertStateRepository;
import one.mcps.observability.logs.LogEntry;
import one.mcps.observability.logs.LogFilter;
import one.mcps.observability.logs.LogRepository;
import one.mcps.observability.system.ServiceProbe;
import one.mcps.observability.system.ServiceStatus;

/** Everything an operator's front page shows, in one document. */
@ApplicationScoped
public class DashboardService {

    private final ServiceProbe probe;
    private final ToolStateRepository tools;
    private final CallStatsRepository calls;
    private final AlertStateRepository alerts;
    private final LogRepository logs;
    private final HostSampler host;
    private final int windowMinutes;
    private final int topTools;
    private final int recentErrors;

    public DashboardService(ServiceProbe probe, ToolStateRepository tools, CallStatsRepository calls,
            AlertStateRepository alerts, LogRepository logs, HostSampler host,
            @ConfigProperty(name = "mcps.dashboard.window-minutes") int windowMinutes,
            @ConfigProperty(name = "mcps.dashboard.top-tools") int topTools,
            @ConfigProperty(name = "mcps.dashboard.recent-errors") int recentErrors) {
        this.probe = probe;
        this.tools = tools;
        this.calls = calls;
        this.alerts = alerts;
        this.logs = logs;
        this.host = host;
        this.windowMinutes = windowMinutes;
        this.topTools = topTools;
        this.recentErrors = recentErrors;
    }

    public Uni<Map<String, Object>> dashboard() {
        LogFilter errors = new LogFilter(LogEntry.ERROR, null, null, null, null, null, null, null);
        return Uni.combine().all().unis(probe.probeAll(), tools.all(), calls.perTool(windowMinutes * 60),
                alerts.firing(), logs.page(errors, 1, recentErrors))
                .with((services, states, stats, firing, recent) -> {
                    Map<String, Object> dashboard = new LinkedHashMap<>();
                    dashboard.put("generated_at", Instant.now());
                    Map<String, String> health = new LinkedHashMap<>();
                    services.forEach(s -> health.put(s.name(), s.status()));
                    dashboard.put("status", services.stream().allMatch(ServiceStatus::up) ? ServiceStatus.UP
                            : ServiceStatus.DOWN);
                    dashboard.put("services", health);
                    dashboard.put("tools", Map.of("by_state", states.stream().collect(Collectors.groupingBy(
                            ToolState::state, TreeMap::new, Collectors.counting())), "states", states));
                    dashboard.put("window_minutes", windowMinutes);
                    dashboard.put("top_tools_by_calls", stats.stream()
                            .sorted(Comparator.comparingLong(CallStats::calls).reversed()).limit(topTools).toList());
                    dashboard.put("top_tools_by_errors", stats.stream().filter(s -> s.errors() > 0)
                            .sorted(Comparator.comparingLong(CallStats::errors).reversed()).limit(topTools).toList());
                    dashboard.put("firing_alerts", firing);
                    dashboard.put("recent_errors", recent.items());
                    dashboard.put("host", host.latest());
                    return dashboard;
                });
    }

}
