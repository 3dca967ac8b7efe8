package one.mcps.tools.internal;

import java.util.UUID;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** One supervised tool's process, for observability's {@code /api/v1/system/processes}. */
@RegisterForReflection
public record ProcessView(UUID id, String name, Long pid, String state, Double cpuPercent, Long rssBytes,
        Long uptimeS, int restarts) {
}
