package one.mcps.tools.lifecycle;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiConsumer;
import java.util.function.IntConsumer;

import one.mcps.tools.mcp.JsonRpcMux;
import one.mcps.tools.mcp.UpstreamListener;

/** Starts one stdio MCP server process with a multiplexer of its own on its stdin and stdout. Blocking (fork). */
final class StdioLauncher {

    /** A started process and the connection to it. */
    record Launched(StdioProcess process, JsonRpcMux mux) {
    }

    /** The command could not be started; the message says why in an operator's words. */
    static final class LaunchFailed extends Exception {

        LaunchFailed(String reason) {
            super(reason, null, false, false);
        }
    }

    private StdioLauncher() {
    }

    /** {@code onStderr} gets each line with the pid of the process that wrote it. */
    static Launched launch(ToolSpec spec, List<String> envAllowList, UpstreamListener listener,
            BiConsumer<Long, String> onStderr, IntConsumer onExit) throws LaunchFailed {
        // the reader threads start inside StdioProcess.start, before it returns the process they read from
        CompletableFuture<StdioProcess> started = new CompletableFuture<>();
        JsonRpcMux mux = new JsonRpcMux(spec.name(), message -> {
            StdioProcess p = started.getNow(null);
            return p != null && p.send(message);
        }, listener);
        try {
            StdioProcess process = StdioProcess.start(spec, envAllowList, mux::onLine,
                    line -> onStderr.accept(started.join().pid(), line), onExit);
            started.complete(process);
            return new Launched(process, mux);
        } catch (IOException e) {
            String message = e.getMessage() == null ? "" : e.getMessage();
            throw new LaunchFailed(message.contains("error=2") ? "command not found: " + spec.command()
                    : message.contains("error=13") ? "command not executable: " + spec.command()
                            : "cannot start " + spec.command() + ": " + message);
        }
    }
}
