package one.mcps.proxy.downstream.streamable;

import io.vertx.core.MultiMap;
import io.vertx.core.json.JsonObject;
import one.mcps.platform.http.McpHeaderValues;
import one.mcps.proxy.jsonrpc.JsonRpc;

/**
 * The standard headers a stateless (2026-07-28) request must carry so that intermediaries can route and police it
 * without reading the body — {@code MCP-Protocol-Version}, {@code Mcp-Method}, and {@code Mcp-Name} for the methods
 * that name one thing — checked against the body before anything trusts them. A value that is not plain ASCII travels
 * as {@code =?base64?...?=}.
 */
final class StandardHeaders {

    static final String VERSION = StreamableHttpRoutes.VERSION_HEADER;
    static final String METHOD = "Mcp-Method";
    static final String NAME = "Mcp-Name";

    private StandardHeaders() {
    }

    /** The mismatch a request's headers show against its body, or null when they agree. */
    static Era.Refused check(MultiMap headers, JsonObject request) {
        Object id = request.getValue("id");
        String method = request.getString("method");
        if (headers.get(VERSION) == null) {
            return Era.mismatch(id, "the required " + VERSION + " header is absent");
        }
        if (headers.get(METHOD) == null) {
            return Era.mismatch(id, "the body names method " + method + " but the required " + METHOD
                    + " header is absent");
        }
        String field = McpHeaderValues.nameField(method);
        Object params = request.getValue("params");
        String body = field != null && params instanceof JsonObject p && p.getValue(field) instanceof String v ? v
                : null;
        String header = headers.get(NAME);
        if (body == null) {
            return null;
        }
        if (header == null) {
            return Era.mismatch(id, "the body carries params." + field + "=\"" + body + "\" but the required " + NAME
                    + " header is absent");
        }
        String decoded = McpHeaderValues.decode(header.strip());
        if (decoded == null) {
            return Era.mismatch(id, "the " + NAME + " header carries an invalid Base64 value");
        }
        return decoded.equals(body) ? null : Era.mismatch(id, "the body carries params." + field + "=\"" + body
                + "\" but " + NAME + " names \"" + decoded + "\"");
    }

}
