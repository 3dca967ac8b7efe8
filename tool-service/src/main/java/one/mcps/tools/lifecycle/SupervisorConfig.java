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

    /**
     * Take a fair share of the tools that should run and nobody runs (on start, and whenever an owner dies); false
     * runs only what this instance is asked to start.
     */
    boolean reconcileOnStart();

    /** Clock ticks per second of /proc CPU times (USER_HZ). */
    long clockTicks();

    /** How often per-session processes are checked for idleness (their tool's {@code idle_timeout_ms}). */
    Duration reapInterval();

    /** The MCP client name this service introduces itself with. */
    String clientName();

    /** How often a state change is tried before it is given up (with an ERROR): the database may be away briefly. */
    int statusWriteAttempts();

    /** The delay before the first retry of a state change; it doubles per attempt, up to 16 times this. */
    Duration statusWriteBackoff();
}
