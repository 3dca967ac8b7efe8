package one.mcps.tools.lifecycle;

import java.time.Instant;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * One process of a per-session tool, in its status: {@code warm} until a client session is handed it,
 * {@code idle_ms} since the last request of its session (what idle reaping compares with {@code idle_timeout_ms}).
 */
@RegisterForReflection
public record InstanceStatus(int instance, Long pid, String state, boolean warm, Instant startedAt, Long uptimeS,
        int restarts, Integer lastExitCode, long idleMs, Double cpuPercent, Long rssBytes) {
}
