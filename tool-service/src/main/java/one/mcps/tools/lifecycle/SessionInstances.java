package one.mcps.tools.lifecycle;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.vertx.core.Vertx;
import one.mcps.platform.errors.ProblemException;
import one.mcps.platform.errors.ProblemType;
import one.mcps.platform.events.ToolLogLine;
import one.mcps.tools.mcp.JsonRpcMux;
import one.mcps.tools.mcp.UpstreamListener;

/**
 * The processes of {@code per_session} tools: one per bridge session, up to {@code max_instances}, so one
 * client's state never reaches another. The process a tool's start proved is kept warm and handed to the first
 * session. Each process is supervised like a shared tool's (handshake within the startup timeout, restart per
 * policy with back-off, the whole tree stopped), but a crash concerns its session only: the tool stays running.
 * An instance whose session sent no request for {@code idle_timeout_ms} is reaped, whether or not the session
 * holds a GET stream open (a forgotten stream must not pin a process); a call in flight keeps it. Every method
 * that touches an instance takes the tool's lock; the process itself is run by the {@link ProcessRunner}.
 */
@ApplicationScoped
public class SessionInstances {

    private final ProcessRunner runner;
    private final LogShipper logs;
    private final UpstreamListener listener;
    private final Vertx vertx;
    private final Event<InstanceEnded> ended;
    private final ProcessStats stats;
    private final long retryAfterSeconds;

    public SessionInstances(ProcessRunner runner, LogShipper logs, UpstreamListener listener, Vertx vertx,
            SupervisorConfig config, Event<InstanceEnded> ended,
            @ConfigProperty(name = "mcps.tools.bridge.instances-retry-after") Duration retryAfter) {
        this.runner = runner;
        this.logs = logs;
        this.listener = listener;
        this.vertx = vertx;
        this.ended = ended;
        this.stats = new ProcessStats(config.clockTicks());
        this.retryAfterSeconds = Math.max(1, retryAfter.toSeconds());
    }

    // ---- the tool's side (caller holds the tool's lock)

    /** The process the tool's start proved becomes its first, warm instance. */
    void adopt(ManagedTool m, long toolGeneration) {
        SessionInstance instance = new SessionInstance(++m.instancesStarted, null);
        instance.adoptedToolGeneration = toolGeneration;
        instance.state = SessionInstance.State.RUNNING;
        instance.process = m.process;
        instance.mux = m.mux;
        instance.pid = m.pid;
        instance.startedAt = m.startedAt;
        instance.knownTree.addAll(m.knownTree);
        m.instances.add(instance);
        note(m, "info", instance.label() + " is warm: it goes to the first client session");
    }

    /** An exit of the process that {@link #adopt} took over; false when no instance holds it (any more). */
    boolean onAdoptedExit(ManagedTool m, long toolGeneration, int code) {
        for (SessionInstance instance : m.instances) {
            if (instance.adoptedToolGeneration == toolGeneration) {
                onExit(m, instance, instance.generation, code);
                return true;
            }
        }
        return false;
    }

    /** Stops every instance (the tool stops). Returns the blocking part: it ends when every tree is gone. */
    Runnable stopAll(ManagedTool m, String why) {
        List<CompletableFuture<Void>> stops = new ArrayList<>();
        for (SessionInstance instance : List.copyOf(m.instances)) {
            stops.add(stop(m, instance, why));
        }
        return () -> CompletableFuture.allOf(stops.toArray(CompletableFuture[]::new)).join();
    }

    List<InstanceStatus> views(ManagedTool m) {
        List<InstanceStatus> views = new ArrayList<>();
        for (SessionInstance i : m.instances) {
            ProcessStats.Usage usage = i.process == null ? null
                    : stats.measure(i.process.handle(), i.knownTree, i.lastSample, i.uptime());
            if (usage != null) {
                i.lastSample = usage.sample();
            }
            boolean up = i.process != null && i.startedAt != null;
            views.add(new InstanceStatus(i.number, i.pid, i.state.wire(), i.sessionId == null,
                    up ? i.startedAt : null, up ? i.uptime().toSeconds() : null, i.restarts, i.lastExitCode,
                    i.idle().toMillis(), usage == null ? null : usage.cpuPercent(),
                    usage == null ? null : usage.rssBytes()));
        }
        return views;
    }

    /** Reaps the instances idle for longer than the tool's {@code idle_timeout_ms}. */
    void reapIdle(ManagedTool m) {
        Duration limit = Duration.ofMillis(m.spec.idleTimeoutMs());
        for (SessionInstance instance : List.copyOf(m.instances)) {
            boolean busy = instance.mux != null && instance.mux.inFlight() > 0;
            if (instance.state == SessionInstance.State.RUNNING && !busy && instance.idle().compareTo(limit) > 0) {
                stop(m, instance, "idle for more than " + limit.toMillis() + " ms");
            }
        }
    }

    // ---- the bridge's side (caller holds the tool's lock)

    /**
     * A process for a new session: the warm one if there is one, else a new one, ready once its handshake went
     * through. Fails with 429 (and Retry-After) when the tool has {@code max_instances} already, 503 when the new
     * process does not come up.
     */
    CompletableFuture<Void> acquire(ManagedTool m, String sessionId) {
        for (SessionInstance instance : m.instances) {
            if (instance.sessionId == null && instance.state == SessionInstance.State.RUNNING) {
                instance.sessionId = sessionId;
                instance.touch();
                note(m, "info", instance.label() + " now serves a client session");
                return CompletableFuture.completedFuture(null);
            }
        }
        if (m.instances.size() >= m.spec.maxInstances()) {
            return CompletableFuture.failedFuture(new ProblemException(ProblemType.RATE_LIMITED, "Tool "
                    + m.spec.name() + " runs a process per session and has its " + m.spec.maxInstances()
                    + " (max_instances) already; try again when a session ended.", null,
                    java.util.Map.of("Retry-After", Long.toString(retryAfterSeconds))));
        }
        SessionInstance instance = new SessionInstance(++m.instancesStarted, sessionId);
        instance.ready = new CompletableFuture<>();
        m.instances.add(instance);
        launch(m, instance, "new client session");
        return instance.ready;
    }

    /** The connection of the session's process (closed while it restarts); empty once the instance is gone. */
    Optional<JsonRpcMux> connection(ManagedTool m, String sessionId) {
        SessionInstance instance = find(m, sessionId);
        if (instance == null || instance.mux == null) {
            return Optional.empty();
        }
        instance.touch();
        return Optional.of(instance.mux);
    }

    /** The session ended: its process goes. */
    void release(ManagedTool m, String sessionId) {
        SessionInstance instance = find(m, sessionId);
        if (instance != null) {
            stop(m, instance, "its client session ended");
        }
    }

    // ---- one instance's life

    private void launch(ManagedTool m, SessionInstance instance, String why) {
        instance.generation++;
        instance.adoptedToolGeneration = -1;
        long gen = instance.generation;
        note(m, "info", "instance " + instance.number + ": starting a process (" + why + ")");
        runner.launch(m.spec, scoped(instance),
                (pid, line) -> logs.record(m, m.line(ToolLogLine.STDERR, "info", line, pid)), run(m, instance, gen));
    }

    /** What becomes of the instance's launch {@code gen}. */
    private ProcessRunner.Run run(ManagedTool m, SessionInstance instance, long gen) {
        return new ProcessRunner.Run() {
            @Override
            public void launchFailed(String reason) {
                synchronized (m) {
                    if (instance.generation == gen && !instance.stopRequested) {
                        SessionInstances.this.failed(m, instance, reason, null);
                    }
                }
            }

            @Override
            public boolean started(StdioProcess process, JsonRpcMux mux) {
                synchronized (m) {
                    if (instance.generation != gen || instance.stopRequested) {
                        return false;
                    }
                    instance.process = process;
                    instance.mux = mux;
                    instance.pid = process.pid();
                    instance.startedAt = Instant.now();
                    instance.knownTree.clear();
                    instance.knownTree.addAll(ProcessTree.of(process.handle()));
                    return true;
                }
            }

            @Override
            public void ready(ObjectNode initializeResult, List<String> toolNames) {
                synchronized (m) {
                    if (instance.generation == gen && instance.state != SessionInstance.State.RUNNING) {
                        instance.state = SessionInstance.State.RUNNING;
                        instance.touch();
                        if (instance.process != null) {
                            instance.knownTree.addAll(ProcessTree.of(instance.process.handle()));
                        }
                        note(m, "info", instance.label() + " is running");
                        if (instance.ready != null) {
                            instance.ready.complete(null);
                        }
                    }
                }
            }

            @Override
            public void failed(String reason) {
                synchronized (m) {
                    if (instance.generation == gen && instance.state != SessionInstance.State.RUNNING) {
                        SessionInstances.this.failed(m, instance,
                                reason + runner.stderrSuffix(m, instance.pid), null);
                    }
                }
            }

            @Override
            public void exited(int code) {
                onExit(m, instance, gen, code);
            }
        };
    }

    private void onExit(ManagedTool m, SessionInstance instance, long gen, int code) {
        synchronized (m) {
            if (instance.generation != gen) {
                return;
            }
            instance.lastExitCode = code;
            Set<ProcessHandle> leftovers = Set.copyOf(instance.knownTree);
            runner.killLeftovers(leftovers);
            if (instance.mux != null) {
                instance.mux.close("The MCP server of this session exited with code " + code + ".");
            }
            String reason = "exited with code " + code
                    + (instance.state == SessionInstance.State.RUNNING ? "" : " before completing the MCP handshake")
                    + runner.stderrSuffix(m, instance.pid);
            String label = instance.label();
            instance.process = null;
            instance.pid = null;
            if (instance.stopRequested || !m.instances.contains(instance)) {
                return;
            }
            if (runner.wasStable(instance.uptime())) {
                instance.consecutiveFailures = 0;
            }
            note(m, "error", label + " " + reason);
            failed(m, instance, reason, code);
        }
    }

    /**
     * The process did not come up or went down. A new session's first process is not retried (the session's
     * initialize fails: the operator sees why in the logs); a running one is restarted per the tool's policy,
     * and when the policy gives up the instance and its session end.
     */
    private void failed(ManagedTool m, SessionInstance instance, String reason, Integer exitCode) {
        if (instance.ready != null && !instance.ready.isDone()) {
            note(m, "error", "instance " + instance.number + " did not start: " + reason);
            instance.ready.completeExceptionally(ProblemException.unavailable(
                    "The MCP server process for this session did not start: " + reason));
            stop(m, instance, "it did not start");
            return;
        }
        Optional<Duration> delay = runner.backOff(m.spec, exitCode, instance.consecutiveFailures);
        if (delay.isEmpty()) {
            stop(m, instance, "not restarted (restart_policy " + m.spec.restartPolicy() + ", "
                    + instance.consecutiveFailures + " restarts in a row)");
            return;
        }
        instance.consecutiveFailures++;
        instance.restarts++;
        instance.state = SessionInstance.State.RESTARTING;
        note(m, "warn", "instance " + instance.number + ": restarting in " + delay.get().toMillis() + " ms (restart "
                + instance.restarts + ")");
        if (instance.process != null) {
            // a process that failed its handshake is ended here; its exit must not count as a second failure
            instance.generation++;
            instance.mux.close("The MCP server of this session failed: " + reason);
            StdioProcess process = instance.process;
            Set<ProcessHandle> known = Set.copyOf(instance.knownTree);
            instance.process = null;
            instance.pid = null;
            runner.kill(process, known);
        }
        long gen = instance.generation;
        instance.restartTimer = runner.restartAfter(delay.get(), () -> {
            synchronized (m) {
                instance.restartTimer = -1;
                if (instance.generation == gen && !instance.stopRequested && m.instances.contains(instance)) {
                    launch(m, instance, "restart " + instance.restarts);
                }
            }
        });
    }

    /** Takes the instance out of the tool and ends its process tree; the future completes when it is gone. */
    private CompletableFuture<Void> stop(ManagedTool m, SessionInstance instance, String why) {
        instance.stopRequested = true;
        m.instances.remove(instance);
        instance.restartTimer = runner.cancel(instance.restartTimer);
        if (instance.ready != null && !instance.ready.isDone()) {
            instance.ready.completeExceptionally(ProblemException.unavailable("The session's MCP server process "
                    + "was stopped before it was ready: " + why + "."));
        }
        if (instance.mux != null) {
            instance.mux.close("The MCP server process of this session was stopped: " + why + ".");
        }
        if (instance.sessionId != null) {
            InstanceEnded end = new InstanceEnded(m.spec.name(), instance.sessionId, why);
            vertx.runOnContext(v -> ended.fire(end));
        }
        StdioProcess process = instance.process;
        if (process == null) {
            note(m, "info", instance.label() + " ended: " + why);
            return CompletableFuture.completedFuture(null);
        }
        note(m, "info", instance.label() + " stopping: " + why);
        Set<ProcessHandle> known = Set.copyOf(instance.knownTree);
        return runner.stop(process, known);
    }

    // ---- plumbing

    private static SessionInstance find(ManagedTool m, String sessionId) {
        for (SessionInstance instance : m.instances) {
            if (sessionId.equals(instance.sessionId)) {
                return instance;
            }
        }
        return null;
    }

    /** What the instance's server sends on its own goes to its session only. */
    private UpstreamListener scoped(SessionInstance instance) {
        return new UpstreamListener() {
            @Override
            public void onNotification(String tool, ObjectNode notification, Object owner) {
                listener.onSessionNotification(tool, instance.sessionId, notification, owner);
            }

            @Override
            public void onServerRequest(String tool, JsonRpcMux mux, ObjectNode request) {
                listener.onServerRequest(tool, mux, request);
            }
        };
    }

    private void note(ManagedTool m, String level, String text) {
        logs.record(m, m.line(ToolLogLine.LIFECYCLE, level, text, null));
    }
}
