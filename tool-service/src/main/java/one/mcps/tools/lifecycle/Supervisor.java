package one.mcps.tools.lifecycle;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;
import one.mcps.platform.errors.ProblemException;
import one.mcps.platform.events.ToolLogLine;
import one.mcps.platform.events.ToolStatusChanged;
import one.mcps.tools.mcp.JsonRpcMux;
import one.mcps.tools.mcp.UpstreamListener;
import one.mcps.tools.registry.Tool;
import one.mcps.tools.registry.ToolRemoved;
import one.mcps.tools.secrets.SecretCipher;

/**
 * Runs tools and keeps them running. A stdio tool is a child process that counts as {@code running} only once
 * an MCP {@code initialize} and {@code notifications/initialized} went through within its startup timeout; a
 * remote one is health-checked with the same handshake, then pings. A tool that goes down on its own is started
 * again per its restart policy; a stop takes the whole process tree. State lives under each tool's lock; the
 * processes themselves (shared tools' and, through {@link SessionInstances}, per-session ones) are run by the
 * {@link ProcessRunner}, a remote server's health by the {@link RemoteProbe}.
 */
@ApplicationScoped
public class Supervisor {

    private static final Logger LOG = Logger.getLogger(Supervisor.class);

    private final Map<UUID, ManagedTool> tools = new ConcurrentHashMap<>();
    private final Map<String, ManagedTool> byName = new ConcurrentHashMap<>();
    private final SecretCipher cipher;
    private final StatusWriter status;
    private final LogShipper shipper;
    private final UpstreamListener listener;
    private final Vertx vertx;
    private final SupervisorConfig config;
    private final ProcessStats stats;
    private final ProcessRunner runner;
    private final RemoteProbe probe;
    private final SessionInstances instances;
    private long reaper = -1;

    public Supervisor(SecretCipher cipher, StatusWriter status, LogShipper shipper, UpstreamListener listener,
            Vertx vertx, SupervisorConfig config, ProcessRunner runner, RemoteProbe probe,
            SessionInstances instances) {
        this.cipher = cipher;
        this.status = status;
        this.shipper = shipper;
        this.listener = listener;
        this.vertx = vertx;
        this.config = config;
        this.stats = new ProcessStats(config.clockTicks());
        this.runner = runner;
        this.probe = probe;
        this.instances = instances;
    }

    /** Idle per-session instances are looked for on a timer of their own. */
    void startReaper(@Observes StartupEvent event) {
        reaper = vertx.setPeriodic(config.reapInterval().toMillis(), t -> reapIdle());
    }

    private void reapIdle() {
        for (ManagedTool m : tools.values()) {
            synchronized (m) {
                if (!m.instances.isEmpty()) {
                    instances.reapIdle(m);
                }
            }
        }
    }

    // ---- commands

    /**
     * Starts the tool here. {@code fence} is this instance's lease generation on it, under which its states are
     * written; null runs it without writing or announcing anything (a per-session tool's stand-by on an instance
     * that does not own it), unless this instance holds the lease already.
     */
    public ToolStatus start(Tool tool, Long fence) {
        if (!tool.enabled) {
            throw ProblemException.conflict("Tool " + tool.name + " is disabled; enable it first.");
        }
        ManagedTool m = tools.computeIfAbsent(tool.id, id -> new ManagedTool(id, config.logRingSize()));
        synchronized (m) {
            boolean takenOver = fence != null && !fence.equals(m.fence);
            if (fence != null) {
                m.fence = fence;
            }
            if (m.state.isActive()) {
                if (takenOver) {
                    // a stand-by became the tool itself: announce it from here (its state, now under the lease)
                    transition(m, m.state, "now run by this instance");
                }
                return status(m);
            }
            adoptSpec(m, tool);
            m.consecutiveFailures = 0;
            cancelTimers(m);
            launch(m, "start requested");
        }
        return status(tool, m);
    }

    /**
     * Stops the tool under {@code fence}. A tool that does not run here but whose recorded state says otherwise
     * (its owner died) is recorded {@code stopped}, so nobody is told it still runs.
     */
    public ToolStatus stop(Tool tool, long fence) {
        ManagedTool m = tools.get(tool.id);
        if (m == null && ToolState.STOPPED.wire().equals(tool.state)) {
            return idleStatus(tool);
        }
        if (m == null) {
            m = tools.computeIfAbsent(tool.id, id -> new ManagedTool(id, config.logRingSize()));
        }
        synchronized (m) {
            m.fence = fence;
            if (m.spec == null) {
                adoptSpec(m, tool);
                m.state = ToolState.valueOf(tool.state.toUpperCase(java.util.Locale.ROOT));
            }
            Runnable blocking = stopLocked(m, "stop requested");
            if (blocking != null) {
                runner.offThread(blocking);
            }
            return status(tool, m);
        }
    }

    /** Stops the tool if it runs, then starts it (again) with its current definition, under {@code fence}. */
    public ToolStatus restart(Tool tool, Long fence) {
        if (!tool.enabled) {
            throw ProblemException.conflict("Tool " + tool.name + " is disabled; enable it first.");
        }
        ManagedTool m = tools.computeIfAbsent(tool.id, id -> new ManagedTool(id, config.logRingSize()));
        synchronized (m) {
            if (fence != null) {
                m.fence = fence;
            }
            Runnable blocking = m.spec == null ? null : stopLocked(m, "restart requested");
            adoptSpec(m, tool);
            m.consecutiveFailures = 0;
            runner.offThread(() -> {
                if (blocking != null) {
                    blocking.run();
                }
                synchronized (m) {
                    if (!m.state.isActive()) {
                        launch(m, "restart requested");
                    }
                }
            });
            return status(tool, m);
        }
    }

    /** Caller holds m's lock. */
    private void adoptSpec(ManagedTool m, Tool tool) {
        m.spec = ToolSpec.of(tool, cipher);
        m.specVersion = tool.version;
        byName.values().remove(m);
        byName.put(tool.name, m);
    }

    /**
     * This instance no longer holds the tool's lease at {@code fence} (another took it, or it could not renew in
     * time): its processes stop at once, and nothing more is written for it from here.
     */
    public void lost(UUID toolId, long fence) {
        ManagedTool m = tools.get(toolId);
        if (m == null) {
            return;
        }
        synchronized (m) {
            if (m.fence == null || m.fence != fence) {
                return;
            }
            m.fence = null;
            LOG.warnf("Tool %s: lease generation %d lost; stopping its processes here", m.name(), fence);
            Runnable blocking = stopLocked(m, "lease lost to another instance");
            if (blocking != null) {
                runner.offThread(blocking);
            }
        }
    }

    /**
     * The tools this instance runs under a lease and that are up (running or unhealthy): what a graceful stop can
     * hand to another instance while they keep serving here. Tool id → lease generation.
     */
    public Map<UUID, Long> ownedUp() {
        Map<UUID, Long> up = new java.util.HashMap<>();
        for (ManagedTool m : tools.values()) {
            synchronized (m) {
                if (m.fence != null && (m.state == ToolState.RUNNING || m.state == ToolState.UNHEALTHY)) {
                    up.put(m.id, m.fence);
                }
            }
        }
        return up;
    }

    /**
     * The lease of the tool at {@code fence} went to {@code successor} on purpose: the processes keep serving the
     * requests that still come here until {@link #shutdown()}, but nothing more is written for the tool from here
     * (its states are the successor's to tell; a "stopped" from here would take it out of every catalog).
     */
    public void handedOver(UUID toolId, long fence, String successor) {
        ManagedTool m = tools.get(toolId);
        if (m == null) {
            return;
        }
        synchronized (m) {
            if (m.fence != null && m.fence == fence) {
                m.fence = null;
                note(m, "info", "handed over to instance " + successor + "; serving here until this instance stops");
            }
        }
    }

    /** The tools this instance runs under a lease: tool id → lease generation. */
    public Map<UUID, Long> owned() {
        Map<UUID, Long> owned = new java.util.HashMap<>();
        for (ManagedTool m : tools.values()) {
            synchronized (m) {
                if (m.fence != null) {
                    owned.put(m.id, m.fence);
                }
            }
        }
        return owned;
    }

    /**
     * The per-session tools running here without the lease (stand-bys for sessions that land on this instance):
     * tool id → definition version.
     */
    public Map<UUID, Long> standBys() {
        Map<UUID, Long> standBys = new java.util.HashMap<>();
        for (ManagedTool m : tools.values()) {
            synchronized (m) {
                if (m.fence == null && m.spec != null && m.spec.isPerSession() && m.state != ToolState.STOPPED) {
                    standBys.put(m.id, m.specVersion);
                }
            }
        }
        return standBys;
    }

    /** Stops a stand-by (see {@link #standBys()}); nothing if this instance holds the tool's lease meanwhile. */
    public void stopStandBy(UUID toolId, String why) {
        ManagedTool m = tools.get(toolId);
        if (m == null) {
            return;
        }
        synchronized (m) {
            if (m.fence != null) {
                return;
            }
            Runnable blocking = stopLocked(m, why);
            if (blocking != null) {
                runner.offThread(blocking);
            }
        }
    }

    /** Whether this instance runs the tool under its lease (else its state is another instance's to tell). */
    public boolean owns(UUID toolId) {
        ManagedTool m = tools.get(toolId);
        if (m == null) {
            return false;
        }
        synchronized (m) {
            return m.fence != null;
        }
    }

    /** A deleted tool: stop it and forget it. */
    void onRemoved(@Observes ToolRemoved removed) {
        removed(removed.tool().id);
    }

    /** The tool was deleted (seen here, or by its lease vanishing with it): stop it and forget it. */
    public void removed(UUID toolId) {
        ManagedTool m = tools.remove(toolId);
        if (m != null) {
            synchronized (m) {
                byName.values().remove(m);
                Runnable blocking = stopLocked(m, "tool deleted");
                if (blocking != null) {
                    runner.offThread(blocking);
                }
            }
        }
    }

    // ---- queries

    public ToolStatus status(Tool tool) {
        ManagedTool m = tools.get(tool.id);
        return m == null ? idleStatus(tool) : status(tool, m);
    }

    public List<ToolLogLine> tail(Tool tool, int n) {
        ManagedTool m = tools.get(tool.id);
        return m == null ? List.of() : m.logs.tail(n);
    }

    public io.smallrye.mutiny.Multi<ToolLogLine> follow(Tool tool, int n) {
        ManagedTool m = tools.computeIfAbsent(tool.id, id -> new ManagedTool(id, config.logRingSize()));
        return m.logs.follow(n);
    }

    /**
     * The running stdio tool called {@code name}, for the bridge. A per-session tool comes without a connection:
     * {@link #running(String, String)} gives the one of a session.
     */
    public Optional<RunningTool> running(String name) {
        ManagedTool m = byName.get(name);
        if (m == null) {
            return Optional.empty();
        }
        synchronized (m) {
            if (m.state != ToolState.RUNNING && m.state != ToolState.UNHEALTHY) {
                return Optional.empty();
            }
            if (m.spec.isPerSession()) {
                return Optional.of(runningTool(m, null));
            }
            return m.mux == null ? Optional.empty() : Optional.of(runningTool(m, m.mux));
        }
    }

    /**
     * The connection of the process that serves bridge session {@code sessionId} of per-session tool {@code name}
     * (a request counts as use: it keeps the process from idle reaping); empty when that process is gone.
     */
    public Optional<RunningTool> running(String name, String sessionId) {
        ManagedTool m = byName.get(name);
        if (m == null) {
            return Optional.empty();
        }
        synchronized (m) {
            if (m.state != ToolState.RUNNING && m.state != ToolState.UNHEALTHY) {
                return Optional.empty();
            }
            return instances.connection(m, sessionId).map(mux -> runningTool(m, mux));
        }
    }

    /**
     * A process of its own for a new bridge session of per-session tool {@code name}: completes when it is ready;
     * fails with a {@link ProblemException} (429 with Retry-After at {@code max_instances}, 503 when it did not
     * start, 404 when the tool is not running).
     */
    public CompletableFuture<Void> openInstance(String name, String sessionId) {
        ManagedTool m = byName.get(name);
        if (m == null) {
            return CompletableFuture.failedFuture(ProblemException.notFound("No stdio tool named " + name
                    + " is running."));
        }
        synchronized (m) {
            if (m.state != ToolState.RUNNING && m.state != ToolState.UNHEALTHY) {
                return CompletableFuture.failedFuture(ProblemException.notFound("No stdio tool named " + name
                        + " is running."));
            }
            return instances.acquire(m, sessionId);
        }
    }

    /** A bridge session ended: the process that served it goes (nothing when there is none). */
    void onSessionClosed(@Observes SessionClosed closed) {
        ManagedTool m = byName.get(closed.tool());
        if (m != null) {
            synchronized (m) {
                instances.release(m, closed.sessionId());
            }
        }
    }

    private static RunningTool runningTool(ManagedTool m, JsonRpcMux mux) {
        return new RunningTool(m.spec.name(), mux, m.initializeResult, m.spec.callTimeoutMs(),
                m.spec.maxConcurrency(), m.spec.isPerSession());
    }

    /** Status of every tool this instance supervises. */
    public List<ToolStatus> all() {
        List<ToolStatus> all = new ArrayList<>();
        for (ManagedTool m : tools.values()) {
            if (m.spec != null) {
                all.add(status(m));
            }
        }
        return all;
    }

    public Optional<ToolStatus> statusByName(String name) {
        ManagedTool m = byName.get(name);
        return m == null ? Optional.empty() : Optional.of(status(m));
    }

    // ---- launching

    /** Caller holds m's lock. */
    private void launch(ManagedTool m, String why) {
        m.generation++;
        long gen = m.generation;
        m.stopRequested = false;
        m.initializeResult = null;
        m.toolNames = List.of();
        m.pid = null;
        m.lastSample = null;
        m.failedPings = 0;
        transition(m, ToolState.STARTING, why);
        if (m.spec.isStdio()) {
            note(m, "info", "starting " + m.spec.command() + " " + String.join(" ", m.spec.args()));
            launchStdio(m, gen);
        } else {
            note(m, "info", "connecting to " + m.spec.url());
            launchRemote(m, gen);
        }
    }

    private void launchStdio(ManagedTool m, long gen) {
        ToolSpec spec = m.spec;
        runner.launch(spec, listener, (pid, line) -> onStderr(m, pid, line), new ProcessRunner.Run() {
            @Override
            public void launchFailed(String reason) {
                synchronized (m) {
                    if (m.isCurrent(gen)) {
                        failStart(m, reason);
                    }
                }
            }

            @Override
            public boolean started(StdioProcess process, JsonRpcMux mux) {
                synchronized (m) {
                    if (!m.isCurrent(gen) || m.stopRequested) {
                        return false;
                    }
                    m.process = process;
                    m.mux = mux;
                    m.pid = process.pid();
                    m.startedAt = Instant.now();
                    m.knownTree = ProcessTree.of(process.handle());
                    return true;
                }
            }

            @Override
            public void ready(ObjectNode initializeResult, List<String> toolNames) {
                markRunning(m, gen, initializeResult, toolNames);
            }

            @Override
            public void failed(String reason) {
                synchronized (m) {
                    if (m.isCurrent(gen) && m.state == ToolState.STARTING) {
                        failStart(m, reason + runner.stderrSuffix(m, null));
                    }
                }
            }

            @Override
            public void exited(int code) {
                onExit(m, gen, code);
            }
        });
    }

    private void markRunning(ManagedTool m, long gen, ObjectNode result, List<String> names) {
        synchronized (m) {
            if (!m.isCurrent(gen) || m.state != ToolState.STARTING) {
                return;
            }
            m.initializeResult = result;
            m.toolNames = names;
            if (m.process != null) {
                m.knownTree.addAll(ProcessTree.of(m.process.handle()));
            }
            JsonNode info = result.path("serverInfo");
            note(m, "info", "running: " + info.path("name").asText("?") + " " + info.path("version").asText("")
                    + ", protocol " + result.path("protocolVersion").asText("?") + ", " + names.size() + " tools");
            transition(m, ToolState.RUNNING, "MCP handshake completed");
            if (m.spec.isPerSession()) {
                instances.adopt(m, gen);
                // the process is the instance's now: its exit is no longer the tool's
                m.generation++;
                m.process = null;
                m.mux = null;
                m.pid = null;
                m.knownTree.clear();
            }
        }
    }

    private void launchRemote(ManagedTool m, long gen) {
        probe.connect(m.spec, new RemoteProbe.Findings() {
            @Override
            public void reachable(RemoteClient session, ObjectNode result) {
                synchronized (m) {
                    if (!m.isCurrent(gen) || m.state != ToolState.STARTING) {
                        session.close();
                        return;
                    }
                    m.remote = session;
                    m.initializeResult = result;
                    m.startedAt = Instant.now();
                    note(m, "info", "reachable: " + result.path("serverInfo").path("name").asText("?"));
                    transition(m, ToolState.RUNNING, "MCP handshake completed");
                    m.pingTimer = probe.watch(m.spec, session, this);
                }
            }

            @Override
            public void unreachable(String reason) {
                synchronized (m) {
                    if (m.isCurrent(gen) && m.state == ToolState.STARTING) {
                        failStart(m, reason);
                    }
                }
            }

            @Override
            public void pingAnswered() {
                synchronized (m) {
                    m.failedPings = 0;
                    if (m.isCurrent(gen) && m.state == ToolState.UNHEALTHY) {
                        transition(m, ToolState.RUNNING, "ping answered again");
                    }
                }
            }

            @Override
            public void pingMissed(String reason) {
                synchronized (m) {
                    if (!m.isCurrent(gen) || !m.state.isActive()) {
                        return;
                    }
                    m.failedPings++;
                    if (m.failedPings >= config.failedPingsLimit()) {
                        cancelTimers(m);
                        RemoteClient session = m.remote;
                        m.remote = null;
                        if (session != null) {
                            session.close();
                        }
                        note(m, "error", reason + "; " + m.failedPings + " in a row");
                        m.lastError = reason;
                        transition(m, ToolState.FAILED, reason);
                        scheduleRestart(m, null);
                    } else if (m.state == ToolState.RUNNING) {
                        note(m, "warn", reason);
                        transition(m, ToolState.UNHEALTHY, reason);
                    }
                }
            }
        });
    }

    // ---- what processes do on their own

    private void onStderr(ManagedTool m, Long pid, String text) {
        shipper.record(m, m.line(ToolLogLine.STDERR, "info", text, pid));
    }

    private void onExit(ManagedTool m, long gen, int code) {
        synchronized (m) {
            if (instances.onAdoptedExit(m, gen, code) || !m.isCurrent(gen)) {
                return;
            }
            m.lastExitCode = code;
            Set<ProcessHandle> leftovers = Set.copyOf(m.knownTree);
            runner.killLeftovers(leftovers);
            if (m.mux != null) {
                m.mux.close("The MCP server exited with code " + code + ".");
            }
            m.process = null;
            m.mux = null;
            m.pid = null;
            if (m.stopRequested) {
                note(m, "info", "stopped (exit code " + code + ")");
                transition(m, ToolState.STOPPED, "stopped");
                return;
            }
            if (m.state == ToolState.FAILED) {
                return;
            }
            if (m.state == ToolState.STARTING) {
                failStart(m, "exited with code " + code + " before completing the MCP handshake"
                        + runner.stderrSuffix(m, null));
                return;
            }
            if (runner.wasStable(m.uptime())) {
                m.consecutiveFailures = 0;
            }
            String reason = "exited with code " + code + runner.stderrSuffix(m, null);
            m.lastError = reason;
            note(m, "error", reason);
            transition(m, ToolState.FAILED, reason);
            scheduleRestart(m, code);
        }
    }

    /** Caller holds m's lock. */
    private void scheduleRestart(ManagedTool m, Integer exitCode) {
        Optional<Duration> delay = runner.backOff(m.spec, exitCode, m.consecutiveFailures);
        if (delay.isEmpty()) {
            if (m.consecutiveFailures >= m.spec.maxRestarts() && !"never".equals(m.spec.restartPolicy())) {
                note(m, "error", "not restarting: " + m.consecutiveFailures + " restarts in a row failed");
            }
            return;
        }
        m.consecutiveFailures++;
        m.restarts++;
        note(m, "warn", "restarting in " + delay.get().toMillis() + " ms (restart " + m.restarts + ")");
        long gen = m.generation;
        m.restartTimer = runner.restartAfter(delay.get(), () -> {
            synchronized (m) {
                m.restartTimer = -1;
                if (m.isCurrent(gen) && m.state == ToolState.FAILED && !m.stopRequested) {
                    launch(m, "restart " + m.restarts + " after: " + m.lastError);
                }
            }
        });
    }

    /** A start that did not get to running; the operator has to look, so no restart. Caller holds the lock. */
    private void failStart(ManagedTool m, String reason) {
        m.lastError = reason;
        note(m, "error", "start failed: " + reason);
        transition(m, ToolState.FAILED, reason);
        if (m.mux != null) {
            m.mux.close("The MCP server failed to start.");
        }
        StdioProcess process = m.process;
        Set<ProcessHandle> known = Set.copyOf(m.knownTree);
        if (process != null) {
            m.stopRequested = false;
            runner.kill(process, known);
        }
    }

    /** Caller holds the lock. Returns the blocking part of the stop, to run off the caller's thread. */
    private Runnable stopLocked(ManagedTool m, String why) {
        cancelTimers(m);
        m.stopRequested = true;
        if (m.process != null) {
            StdioProcess process = m.process;
            Set<ProcessHandle> known = Set.copyOf(m.knownTree);
            note(m, "info", why + ": stopping process " + process.pid());
            transition(m, ToolState.STOPPING, why);
            return () -> runner.stopNow(process, known);
        }
        m.generation++;
        if (!m.instances.isEmpty()) {
            note(m, "info", why + ": stopping " + m.instances.size() + " per-session processes");
            transition(m, ToolState.STOPPING, why);
            Runnable stopAll = instances.stopAll(m, why);
            long gen = m.generation;
            return () -> {
                stopAll.run();
                synchronized (m) {
                    if (m.isCurrent(gen) && m.state == ToolState.STOPPING) {
                        note(m, "info", "stopped");
                        transition(m, ToolState.STOPPED, "stopped");
                    }
                }
            };
        }
        if (m.remote != null) {
            m.remote.close();
            m.remote = null;
        }
        if (m.state != ToolState.STOPPED) {
            note(m, "info", why);
            transition(m, ToolState.STOPPED, why);
        }
        return null;
    }

    private void cancelTimers(ManagedTool m) {
        m.restartTimer = runner.cancel(m.restartTimer);
        m.pingTimer = runner.cancel(m.pingTimer);
    }

    /** Caller holds the lock, so events of one tool are queued in the order the states changed. */
    private void transition(ManagedTool m, ToolState next, String reason) {
        ToolState previous = m.state;
        m.state = next;
        if (m.fence != null) {
            status.write(m.id, m.fence, new ToolStatusChanged(m.id.toString(), m.spec.name(), m.spec.transport(),
                    next.wire(), previous.wire(), m.pid, m.restarts, reason, Instant.now()), m.serverInfo(),
                    m.capabilities());
        }
    }

    private void note(ManagedTool m, String level, String text) {
        shipper.record(m, m.line(ToolLogLine.LIFECYCLE, level, text));
    }

    // ---- status views

    private ToolStatus status(ManagedTool m) {
        synchronized (m) {
            return view(m.id, m.spec.name(), m);
        }
    }

    private ToolStatus status(Tool tool, ManagedTool m) {
        synchronized (m) {
            return m.spec == null ? idleStatus(tool) : view(tool.id, tool.name, m);
        }
    }

    private ToolStatus view(UUID id, String name, ManagedTool m) {
        ProcessStats.Usage usage = m.process == null ? null
                : stats.measure(m.process.handle(), m.knownTree, m.lastSample, m.uptime());
        Double cpu = null;
        Long rss = null;
        if (usage != null) {
            m.lastSample = usage.sample();
            cpu = usage.cpuPercent();
            rss = usage.rssBytes();
        }
        List<InstanceStatus> perSession = instances.views(m);
        for (InstanceStatus i : perSession) {
            if (i.rssBytes() != null) {
                rss = (rss == null ? 0L : rss) + i.rssBytes();
            }
            if (i.cpuPercent() != null) {
                cpu = (cpu == null ? 0.0 : cpu) + i.cpuPercent();
            }
        }
        boolean up = m.state.isActive() && m.startedAt != null;
        int processes = m.process != null ? 1
                : (int) perSession.stream().filter(i -> i.pid() != null).count();
        return new ToolStatus(id, name, m.state.wire(), m.pid, up ? m.startedAt : null,
                up ? m.uptime().toSeconds() : null, m.restarts, m.lastExitCode, m.lastError, cpu, rss,
                m.serverInfo(), m.capabilities(),
                m.initializeResult == null ? null : m.initializeResult.path("protocolVersion").asText(null),
                m.toolNames, m.spec.sharing(), processes, perSession);
    }

    /** A tool that does not run here: its last recorded state, nothing about a process. */
    public ToolStatus recordedStatus(Tool tool) {
        return new ToolStatus(tool.id, tool.name, tool.state, null, null, null, 0, null, null, null, null, null, null,
                null, List.of(), tool.sharing, 0, List.of());
    }

    private static ToolStatus idleStatus(Tool tool) {
        return new ToolStatus(tool.id, tool.name, ToolState.STOPPED.wire(), null, null, null, 0, null, null, null,
                null, null, null, null, List.of(), tool.sharing, 0, List.of());
    }

    // ---- shutdown: no orphans

    /**
     * Stops every process of this instance and waits (bounded) until they are gone. Called by the
     * {@link Reconciler} at shutdown, before it gives the leases up, so a tool never runs on two instances at once.
     */
    void shutdown() {
        if (reaper >= 0) {
            vertx.cancelTimer(reaper);
        }
        List<CompletableFuture<Void>> stops = new ArrayList<>();
        for (ManagedTool m : tools.values()) {
            synchronized (m) {
                cancelTimers(m);
                m.stopRequested = true;
                stops.add(runner.offThread(instances.stopAll(m, "tool-service is shutting down")));
                if (m.remote != null) {
                    m.remote.close();
                }
                if (m.process != null) {
                    StdioProcess process = m.process;
                    Set<ProcessHandle> known = Set.copyOf(m.knownTree);
                    stops.add(runner.stop(process, known));
                }
            }
        }
        try {
            CompletableFuture.allOf(stops.toArray(CompletableFuture[]::new)).get(
                    config.stdinGrace().plus(config.termGrace()).multipliedBy(2).toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            LOG.warnf("Some tool processes may not have exited cleanly: %s", e.getMessage());
        }
    }

    Collection<ManagedTool> managed() {
        return tools.values();
    }
}
