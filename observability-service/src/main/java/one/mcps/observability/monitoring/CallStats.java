package one.mcps.observability.monitoring;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** MCP calls of one tool (or all: {@code tool} null) over the last {@code windowMinutes}. */
@RegisterForReflection
public record CallStats(String tool, int windowMinutes, long calls, long errors, double callsPerSecond,
        double errorRatePercent, Double p50Ms, Double p95Ms, Double p99Ms) {
}
