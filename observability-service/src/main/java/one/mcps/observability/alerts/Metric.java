package one.mcps.observability.alerts;

import java.util.Arrays;
import java.util.Optional;

/** What an alert rule can watch. Tool metrics fire per tool (the alert's subject); host metrics once. */
public enum Metric {

    HOST_CPU_PERCENT(false),
    HOST_MEMORY_PERCENT(false),
    HOST_DISK_PERCENT(false),
    /** 1 while the tool is in state {@code failed}, else 0. */
    TOOL_FAILED(true),
    /** Share of a tool's MCP calls that did not end {@code ok} within the rule's window, in percent. */
    TOOL_ERROR_RATE_PERCENT(true),
    /** 95th percentile latency of a tool's MCP calls within the rule's window. */
    TOOL_P95_LATENCY_MS(true);

    public static final String PATTERN = "host_cpu_percent|host_memory_percent|host_disk_percent|tool_failed"
            + "|tool_error_rate_percent|tool_p95_latency_ms";

    private final boolean perTool;

    Metric(boolean perTool) {
        this.perTool = perTool;
    }

    public boolean perTool() {
        return perTool;
    }

    public String key() {
        return name().toLowerCase();
    }

    public static Optional<Metric> of(String key) {
        return Arrays.stream(values()).filter(m -> m.key().equals(key)).findFirst();
    }
}
