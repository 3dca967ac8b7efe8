package one.mcps.tools.lifecycle;

import com.fasterxml.jackson.databind.node.ObjectNode;

import one.mcps.tools.mcp.JsonRpcMux;

/**
 * A running stdio tool as the bridge sees it: its connection and what its server said at initialize. For a
 * {@code perSession} tool the connection is that of one session's own process ({@code mux} is null until the
 * bridge asks for the one of a session).
 */
public record RunningTool(String name, JsonRpcMux mux, ObjectNode initializeResult, long callTimeoutMs,
        int maxConcurrency, boolean perSession) {
}
