package one.mcps.tools.lifecycle;

import java.time.Duration;
import java.util.List;

import io.smallrye.config.ConfigMapping;

/** How the supervisor runs processes ({@code mcps.tools.supervisor.*}). */
@ConfigMapping(prefix = "mcps.tools.supervisor")
public interface SupervisorConfig {

    /** The only variables of this service's environment a stdio tool inherits. */
    List<String> envAllowList();

    /** How long a process may take to exit after its stdin closed, before SIGTERM. */
    Duration stdinGrace();

    /** How long after SIGTERM before SIGKILL. */
    Duration termGrace();

    /** The longest delay between restarts, however often it failed. */
    Duration maxRestartDelay();

    /** A run at least this long resets the back-off. */
    Duration stableAfter();

    /** How many log lines per tool stay in memory for tail and follow. */
    int logRingSize();

    /** How many stderr lines a failed start quotes in its reason. */
    int reasonStderrLines();

    /** Interval of health pings to remote tools. */
    Duration pingInterval();

    /** Consecutive failed pings after which an unhealthy remote tool is failed. */
    int failedPingsLimit();

    /** Start tools that should run when the service starts. */
    boolean reconcileOnStart();

    /** Clock ticks per second of /proc CPU times (USER_HZ). */
    long clockTicks();

    /** How often per-session processes are checked for idleness (their tool's {@code idle_timeout_ms}). */
    Duration reapInterval();

    /** The MCP client name this service introduces itself with. */
    String clientName();
}
