package one.mcps.tools.lifecycle;

import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.BiConsumer;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.context.ManagedExecutor;

import io.vertx.core.Vertx;
import one.mcps.tools.mcp.JsonRpcMux;
import one.mcps.tools.mcp.UpstreamListener;

/**
 * The life of one stdio MCP server process, the same for a shared tool's process and for every process of a
 * per-session tool: launch, the MCP handshake within the startup timeout, the watch on its exit, a restart after a
 * back-off, and the stop of its whole tree. What a state change means (a tool's state, a session's instance) is
 * the caller's; the caller also holds its own lock around its state. Blocking work (fork, waiting for exits) runs
 * on Quarkus' managed worker pool, never on an event loop, so there is no private pool to drain at shutdown.
 */
@ApplicationScoped
public class ProcessRunner {

    /**
     * What becomes of one launch, called from any thread; {@link #exited} may come before {@link #started} when the
     * process dies at once, so the caller tells launches apart (its generation) rather than relying on order.
     */
    interface Run extends McpHandshake.Outcome {

        /** The process was forked; false when the caller no longer wants it (stopped meanwhile): it is stopped. */
        boolean started(StdioProcess process, JsonRpcMux mux);

        /** The command could not be started; nothing else follows. */
        void launchFailed(String reason);

        /** The process exited (also after a stop). */
        void exited(int code);
    }

    private final ManagedExecutor executor;
    private final McpHandshake handshake;
    private final Vertx vertx;
    private final SupervisorConfig config;

    public ProcessRunner(ManagedExecutor executor, McpHandshake handshake, Vertx vertx, SupervisorConfig config) {
        this.executor = executor;
        this.handshake = handshake;
        this.vertx = vertx;
        this.config = config;
    }

    /** Forks {@code spec}'s command off the caller's thread, then runs the handshake on it. */
    void launch(ToolSpec spec, UpstreamListener listener, BiConsumer<Long, String> onStderr, Run run) {
        executor.execute(() -> {
            StdioLauncher.Launched launched;
            try {
                launched = StdioLauncher.launch(spec, config.envAllowList(), listener, onStderr, run::exited);
            } catch (StdioLauncher.LaunchFailed e) {
                run.launchFailed(e.getMessage());
                return;
            }
            if (!run.started(launched.process(), launched.mux())) {
                stopNow(launched.process(), Set.of());
                return;
            }
            handshake.run(launched.mux(), spec.startupTimeoutMs(), run);
        });
    }

    /** Ends the tree gently (stdin closed, then SIGTERM, then SIGKILL); completes when it is gone. */
    CompletableFuture<Void> stop(StdioProcess process, Set<ProcessHandle> known) {
        return offThread(() -> stopNow(process, known));
    }

    /** {@link #stop}, on the caller's thread: for blocking work that is already off the event loop. */
    void stopNow(StdioProcess process, Set<ProcessHandle> known) {
        ProcessTree.stop(process, known, config.stdinGrace(), config.termGrace());
    }

    /** Ends the tree of a process that failed its start: no wait for it to read the end of its stdin. */
    void kill(StdioProcess process, Set<ProcessHandle> known) {
        offThread(() -> ProcessTree.stop(process, known, Duration.ZERO, config.termGrace()));
    }

    /** What a crashed process left behind; on the exit's own thread once the service is shutting down. */
    void killLeftovers(Set<ProcessHandle> leftovers) {
        try {
            executor.execute(() -> ProcessTree.killLeftovers(leftovers));
        } catch (RejectedExecutionException e) {
            ProcessTree.killLeftovers(leftovers);
        }
    }

    /** Runs blocking work (a caller's stop of several trees) off the caller's thread. */
    CompletableFuture<Void> offThread(Runnable blocking) {
        return CompletableFuture.runAsync(blocking, executor);
    }

    /** The back-off before restart {@code consecutiveFailures + 1}; empty when the policy gives up. */
    Optional<Duration> backOff(ToolSpec spec, Integer exitCode, int consecutiveFailures) {
        return RestartPolicy.next(spec, exitCode, consecutiveFailures, config.maxRestartDelay());
    }

    /** Runs {@code relaunch} after {@code delay}; the timer's id, for {@link #cancel}. */
    long restartAfter(Duration delay, Runnable relaunch) {
        return vertx.setTimer(Math.max(1, delay.toMillis()), t -> relaunch.run());
    }

    /** Cancels a timer of {@link #restartAfter}; -1 (none) is fine. Returns -1, the caller's "no timer". */
    long cancel(long timer) {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
        return -1;
    }

    /** Whether a process that exited had been up long enough for its earlier failures to be forgotten. */
    boolean wasStable(Duration uptime) {
        return uptime.compareTo(config.stableAfter()) >= 0;
    }

    /** The last stderr lines of the process {@code pid} of {@code m} (any of its processes when null), as a suffix. */
    String stderrSuffix(ManagedTool m, Long pid) {
        String stderr = m.lastStderr(config.reasonStderrLines(), pid);
        return stderr.isEmpty() ? "" : "; last stderr lines:\n" + stderr;
    }
}
