package one.mcps.tools.mcp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** The multiplexer on its own: what it tells about the requests in flight on one process's connection. */
class JsonRpcMuxTest {

    private static final UpstreamListener SILENT = new UpstreamListener() {
        @Override
        public void onNotification(String tool, ObjectNode notification, Object owner) {
        }

        @Override
        public void onServerRequest(String tool, JsonRpcMux mux, ObjectNode request) {
        }
    };

    /** A server request names no request of ours: the newest one in flight is the first guess, whatever its owner. */
    @Test
    void ownersInFlightComeNewestFirstEachOnce() {
        JsonRpcMux mux = new JsonRpcMux("t", message -> true, SILENT);
        for (String owner : List.of("older", "newer", "older", "newest")) {
            mux.call(JsonRpc.NODES.objectNode().put("jsonrpc", "2.0").put("id", 1).put("method", "tools/call"), owner,
                    response -> { });
        }
        assertEquals(List.of("newest", "older", "newer"), mux.ownersInFlight());
    }
}
