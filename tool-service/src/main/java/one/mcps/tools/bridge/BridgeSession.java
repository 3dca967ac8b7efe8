package one.mcps.tools.bridge;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.databind.JsonNode;

import io.vertx.core.http.HttpServerResponse;
import one.mcps.tools.mcp.JsonRpcMux;

/**
 * One MCP client session on the bridge of one tool. Sessions outlive the tool's process: after a restart the
 * next call goes to the new process.
 */
final class BridgeSession {

    /** A request the server sent, forwarded to this session: where to send the answer, under which id. */
    record ServerRequest(JsonRpcMux mux, JsonNode serverId, long timer) {
    }

    final String id;
    final String tool;
    final String protocolVersion;
    final JsonNode clientCapabilities;
    /** The client's request id (as JSON text) -> the id on the server connection, for cancellation. */
    final Map<String, Long> inFlight = new ConcurrentHashMap<>();
    final Map<String, ServerRequest> serverRequests = new ConcurrentHashMap<>();
    volatile HttpServerResponse stream;
    volatile long lastSeen = System.nanoTime();

    BridgeSession(String id, String tool, String protocolVersion, JsonNode clientCapabilities) {
        this.id = id;
        this.tool = tool;
        this.protocolVersion = protocolVersion;
        this.clientCapabilities = clientCapabilities;
    }

    void touch() {
        lastSeen = System.nanoTime();
    }

    boolean declared(String capability) {
        return clientCapabilities != null && clientCapabilities.has(capability);
    }
}
