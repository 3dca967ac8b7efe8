package one.mcps.tools.mcp;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** Receives what an MCP server sends on its own: notifications, and requests to its client. */
public interface UpstreamListener {

    /** A notification no pending request claimed (list_changed, log messages, resource updates). */
    void onNotification(String tool, ObjectNode notification, Object owner);

    /**
     * A request from the server to its client (sampling, elicitation, roots). The listener must answer it through
     * {@link JsonRpcMux#respondToServer}, or the server waits forever.
     */
    void onServerRequest(String tool, JsonRpcMux mux, ObjectNode request);
}
