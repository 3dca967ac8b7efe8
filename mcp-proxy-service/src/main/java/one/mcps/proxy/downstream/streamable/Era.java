package one.mcps.proxy.downstream.streamable;

import io.vertx.core.json.JsonObject;
import one.mcps.proxy.downstream.Incoming;
import one.mcps.proxy.downstream.ProtocolVersions;
import one.mcps.proxy.jsonrpc.JsonRpc;
import one.mcps.platform.mcp.McpErrorCodes;

/**
 * Which generation a POST belongs to, decided per request from its body as the 2026-07-28 revision says: a message
 * whose {@code _meta} claims the per-request envelope is stateless, whatever its method (an {@code initialize} so
 * claimed is then an unknown method); anything else is stateful, as before. The {@code MCP-Protocol-Version} header
 * only cross-checks that: a stateless version in it with no envelope in the body, or a version other than the
 * body's, is refused, never silently served as the other generation.
 */
sealed interface Era {

    /** A stateful message (or batch), served by the session path as before. */
    record Stateful() implements Era {
    }

    /** One stateless message: {@code version} is what its envelope names (maybe a version we do not serve). */
    record Stateless(JsonObject message, String version) implements Era {
    }

    /** Refused before anything runs: the HTTP status and the JSON-RPC error to answer with. */
    record Refused(int status, JsonObject error) implements Era {
    }

    static Era of(Incoming incoming, String versionHeader, String methodHeader) {
        String header = versionHeader == null ? null : versionHeader.strip();
        if (incoming.batch()) {
            // Batches do not exist in the stateless revision: one claiming message makes the whole body invalid.
            return incoming.messages().stream().anyMatch(Envelope::claimed)
                    ? refused(null, McpErrorCodes.INVALID_REQUEST,
                            "Invalid request: a JSON-RPC batch may not hold " + ProtocolVersions.STATELESS
                                    + " requests.")
                    : new Stateful();
        }
        JsonObject message = incoming.messages().get(0);
        if (JsonRpc.isResponse(message)) {
            return new Stateful();
        }
        Object id = message.getValue("id");
        String method = message.getString("method");
        boolean headerStateless = ProtocolVersions.isStateless(header);
        if (!Envelope.claimed(message)) {
            if ("initialize".equals(method) && headerStateless) {
                return mismatch(id, "an initialize (the stateful handshake) was sent with MCP-Protocol-Version "
                        + header);
            }
            if (headerStateless && JsonRpc.isRequest(message)) {
                String problem = Envelope.problem(Envelope.metaOf(message));
                return refused(id, McpErrorCodes.INVALID_PARAMS, "Invalid params: MCP-Protocol-Version names " + header
                        + ", but the request has no per-request _meta envelope (" + problem + ").");
            }
            return headerStateless ? stateless(message, header, methodHeader) : new Stateful();
        }
        String problem = Envelope.problem(Envelope.metaOf(message));
        if (problem != null) {
            return refused(id, McpErrorCodes.INVALID_PARAMS, "Invalid _meta envelope: " + problem);
        }
        String claimed = Envelope.metaOf(message).getString(Envelope.PROTOCOL_VERSION);
        if (header != null && !header.equals(claimed)) {
            return mismatch(id, "the body's _meta names protocol version " + claimed + " but MCP-Protocol-Version "
                    + "names " + header);
        }
        return stateless(message, claimed, methodHeader);
    }

    private static Era stateless(JsonObject message, String version, String methodHeader) {
        String method = message.getString("method");
        if (methodHeader != null && !methodHeader.strip().equals(method)) {
            return mismatch(message.getValue("id"), "the body names method " + method + " but Mcp-Method names "
                    + methodHeader.strip());
        }
        return new Stateless(message, version);
    }

    static Refused mismatch(Object id, String detail) {
        return refused(id, McpErrorCodes.HEADER_MISMATCH,
                "Bad Request: the request headers and body disagree: " + detail);
    }

    private static Refused refused(Object id, int code, String message) {
        return new Refused(400, JsonRpc.error(id, code, message));
    }
}
