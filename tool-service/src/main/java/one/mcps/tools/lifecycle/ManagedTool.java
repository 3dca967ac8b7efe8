package one.mcps.tools.lifecycle;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import one.mcps.platform.events.ToolLogLine;
import one.mcps.tools.mcp.JsonRpcMux;
import one.mcps.tools.secrets.SecretCipher;

/**
 * The runtime side of one tool: its state, its current process (or remote session) and what the last start
 * learnt about the server. Every change goes through the {@link Supervisor}, under this object's lock;
 * {@code generation} tells callbacks of an earlier process from those of the current one.
 */
final class ManagedTool {

    final UUID id;
    final LogRing logs;
    ToolSpec spec;
    ToolState state = ToolState.STOPPED;
    long generation;
    /**
     * The generation of this instance's lease on the tool, under which its state is written; null when the tool
     * runs here without the lease (a per-session tool's stand-by on a non-owner), which writes and announces nothing.
     */
    Long fence;
    /** The definition's version the current spec was made from. */
    long specVersion;
    boolean stopRequested;
    Long pid;
    Instant startedAt;
    int restarts;
    int consecutiveFailures;
    Integer lastExitCode;
    String lastError;
    ObjectNode initializeResult;
    List<String> toolNames = List.of();
    StdioProcess process;
    JsonRpcMux mux;
    RemoteClient remote;
    Set<ProcessHandle> knownTree = new LinkedHashSet<>();
    long restartTimer = -1;
    long pingTimer = -1;
    int failedPings;
    ProcessStats.Sample lastSample;
    /** The processes of a per-session tool once it runs (the first one is the process its start proved). */
    final List<SessionInstance> instances = new ArrayList<>();
    int instancesStarted;

    ManagedTool(UUID id, int logCapacity) {
        this.id = id;
        this.logs = new LogRing(logCapacity);
    }

    String name() {
        return spec.name();
    }

    synchronized boolean isCurrent(long gen) {
        return generation == gen;
    }

    synchronized Duration uptime() {
        return startedAt == null ? Duration.ZERO : Duration.between(startedAt, Instant.now());
    }

    JsonNode serverInfo() {
        return initializeResult == null ? null : initializeResult.get("serverInfo");
    }

    JsonNode capabilities() {
        return initializeResult == null ? null : initializeResult.get("capabilities");
    }

    /** Lines the tool printed, with any of its own secret values blanked out. */
    ToolLogLine line(String stream, String level, String text) {
        return line(stream, level, text, pid);
    }

    /** A line of one process of the tool, with that process's pid. */
    ToolLogLine line(String stream, String level, String text, Long fromPid) {
        String clean = text;
        for (String secret : secrets()) {
            clean = clean.replace(secret, SecretCipher.MASK);
        }
        return new ToolLogLine(spec.name(), stream, level, clean, fromPid, Instant.now());
    }

    /** The last stderr lines, for the reason of a failed start. */
    String lastStderr(int n) {
        return lastStderr(n, null);
    }

    /** The last stderr lines of the process {@code fromPid} (of any process when null). */
    String lastStderr(int n, Long fromPid) {
        List<String> lines = new ArrayList<>();
        // other processes of the tool write in between: look further back when picking one process's lines
        for (ToolLogLine l : logs.tail(fromPid == null ? n * 4 : n * 40)) {
            if (ToolLogLine.STDERR.equals(l.stream()) && (fromPid == null || fromPid.equals(l.pid()))) {
                lines.add(l.line());
            }
        }
        return String.join("\n", lines.subList(Math.max(0, lines.size() - n), lines.size()));
    }

    private List<String> secrets() {
        List<String> values = new ArrayList<>();
        // very short values would blank out ordinary words; they are not secrets worth the name anyway
        spec.env().values().stream().filter(v -> v.length() >= 4).forEach(values::add);
        spec.headers().values().stream().filter(v -> v.length() >= 4).forEach(values::add);
        return values;
    }
}
