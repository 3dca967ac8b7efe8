package one.mcps.observability.monitoring;

import java.time.Instant;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** The host's CPU, memory and disk use at {@code sampledAt}; a percentage is null until it could be measured. */
@RegisterForReflection
public record HostMetrics(Double cpuPercent, Double memoryPercent, long memoryTotalBytes, long memoryAvailableBytes,
        Double diskPercent, long diskTotalBytes, long diskFreeBytes, String diskPath, Double loadAverage1m,
        int processors, Instant sampledAt) {
}
