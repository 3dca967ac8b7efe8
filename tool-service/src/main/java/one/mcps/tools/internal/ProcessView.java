package one.mcps.tools.internal;

import java.util.List;
import java.util.UUID;

import io.quarkus.runtime.annotations.RegisterForReflection;
import one.mcps.tools.lifecycle.InstanceStatus;

/**
 * One supervised tool's process, for observability's {@code /api/v1/system/processes}; a {@code per_session} tool
 * has no single pid but its {@code instances} (one process per client session), CPU and memory summed over them.
 */
@RegisterForReflection
public record ProcessView(UUID id, String name, Long pid, String state, Double cpuPercent, Long rssBytes,
        Long uptimeS, int restarts, String sharing, int instanceCount, List<InstanceStatus> instances) {
}
