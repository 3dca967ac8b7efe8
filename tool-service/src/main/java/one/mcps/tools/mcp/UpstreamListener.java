package one.mcps.tools.mcp;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** Receives what an MCP server sends on its own: notifications, and requests to its client. */
public interface UpstreamListener {

    /** A notification no pending request claimed (list_changed, log messages, resource updates). */
    void onNotification(String tool, ObjectNode notification, Object owner);

    /**
     * A notification of a process that serves the one client session {@code sessionId} (null while no session has
     * it yet): what is not about a request goes to that session alone, never to the tool's other sessions.
     */
    default void onSessionNotification(String tool, String sessionId, ObjectNode notification, Object owner) {
        onNotification(tool, notification, owner);
    }

    /**
     * A request from the server to its client (sampling, elicitation, roots). The listener must answer it through
     * {@link JsonRpcMux#respondToServer}, or the server waits forever.
     */
    void onServerRequest(String tool, JsonRpcMux mux, ObjectNode request);
}
