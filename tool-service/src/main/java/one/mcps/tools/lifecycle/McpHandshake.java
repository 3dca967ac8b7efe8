package one.mcps.tools.lifecycle;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.vertx.core.Vertx;
import one.mcps.tools.mcp.JsonRpc;
import one.mcps.tools.mcp.JsonRpcMux;
import one.mcps.platform.mcp.McpErrorCodes;

/**
 * The proof that a stdio process is an MCP server: {@code initialize}, {@code notifications/initialized} and, when
 * it has tools, {@code tools/list}, all within the startup timeout. The same handshake for a shared tool's process
 * and for every instance of a per-session tool, so {@code running} means the same for both.
 */
@ApplicationScoped
public class McpHandshake {

    /** How a handshake ended; exactly one of the two is called, at most once. */
    interface Outcome {

        void ready(ObjectNode initializeResult, List<String> toolNames);

        /** The server answered wrongly or not in time; the caller adds what stderr said. */
        void failed(String reason);
    }

    private final Vertx vertx;
    private final String clientName;
    private final String version;

    public McpHandshake(Vertx vertx, SupervisorConfig config,
            @ConfigProperty(name = "quarkus.application.version", defaultValue = "0") String version) {
        this.vertx = vertx;
        this.clientName = config.clientName();
        this.version = version;
    }

    /**
     * Runs the handshake on {@code mux}. When the process goes away meanwhile, neither callback is called: its
     * exit is reported with the exit code and stderr, which says more.
     */
    void run(JsonRpcMux mux, long timeoutMs, Outcome outcome) {
        AtomicBoolean settled = new AtomicBoolean();
        long timer = vertx.setTimer(Math.max(1, timeoutMs), t -> {
            if (settled.compareAndSet(false, true)) {
                outcome.failed("did not complete the MCP initialize handshake within " + timeoutMs + " ms");
            }
        });
        mux.call(JsonRpc.request(0, "initialize", initializeParams()), null, response -> {
            if (response.path("error").path("code").asInt() == McpErrorCodes.SERVER_UNAVAILABLE) {
                return;
            }
            if (response.has("error")) {
                if (settled.compareAndSet(false, true)) {
                    vertx.cancelTimer(timer);
                    outcome.failed("initialize failed: " + response.path("error").path("message").asText());
                }
                return;
            }
            ObjectNode result = (ObjectNode) response.get("result");
            mux.notify(JsonRpc.notification("notifications/initialized", null));
            if (!result.path("capabilities").has("tools")) {
                finish(settled, timer, outcome, result, List.of());
                return;
            }
            mux.call(JsonRpc.request(0, "tools/list", null), null, list -> {
                if (list.path("error").path("code").asInt() != McpErrorCodes.SERVER_UNAVAILABLE) {
                    finish(settled, timer, outcome, result, names(list));
                }
            });
        });
    }

    private void finish(AtomicBoolean settled, long timer, Outcome outcome, ObjectNode result, List<String> names) {
        if (settled.compareAndSet(false, true)) {
            vertx.cancelTimer(timer);
            outcome.ready(result, names);
        }
    }

    /** What this service says about itself as an MCP client. */
    ObjectNode initializeParams() {
        ObjectNode params = JsonRpc.NODES.objectNode().put("protocolVersion", JsonRpc.PROTOCOL_VERSIONS.get(0));
        ObjectNode capabilities = params.putObject("capabilities");
        capabilities.putObject("sampling");
        capabilities.putObject("elicitation");
        params.putObject("clientInfo").put("name", clientName).put("version", version);
        return params;
    }

    private static List<String> names(ObjectNode toolsList) {
        List<String> names = new ArrayList<>();
        toolsList.path("result").path("tools").forEach(t -> names.add(t.path("name").asText()));
        return names;
    }
}
