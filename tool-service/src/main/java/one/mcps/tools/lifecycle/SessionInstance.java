package one.mcps.tools.lifecycle;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

import one.mcps.tools.mcp.JsonRpcMux;

/**
 * One process of a {@code per_session} tool and the client session it serves. Guarded by its tool's
 * {@link ManagedTool} lock; {@code generation} tells callbacks of an earlier process of this instance from those
 * of the current one, as for a tool.
 */
final class SessionInstance {

    enum State {
        STARTING, RUNNING, RESTARTING;

        String wire() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    final int number;
    /** The bridge session it serves; null while it is warm (started, not yet handed to a session). */
    volatile String sessionId;
    State state = State.STARTING;
    long generation;
    /** The tool generation whose first process this instance took over; -1 once it started one of its own. */
    long adoptedToolGeneration = -1;
    boolean stopRequested;
    StdioProcess process;
    JsonRpcMux mux;
    Long pid;
    Instant startedAt;
    final Set<ProcessHandle> knownTree = new LinkedHashSet<>();
    int restarts;
    int consecutiveFailures;
    Integer lastExitCode;
    long restartTimer = -1;
    /** Completed when the first process of a new session's instance is ready; null for the warm one. */
    CompletableFuture<Void> ready;
    ProcessStats.Sample lastSample;
    private volatile long lastUsedNanos = System.nanoTime();

    SessionInstance(int number, String sessionId) {
        this.number = number;
        this.sessionId = sessionId;
    }

    void touch() {
        lastUsedNanos = System.nanoTime();
    }

    Duration idle() {
        return Duration.ofNanos(System.nanoTime() - lastUsedNanos);
    }

    Duration uptime() {
        return startedAt == null ? Duration.ZERO : Duration.between(startedAt, Instant.now());
    }

    /** For log notes: which instance, which process. */
    String label() {
        return "instance " + number + (pid == null ? "" : " (pid " + pid + ")");
    }
}
