package one.mcps.gateway.ratelimit;

import io.vertx.core.MultiMap;
import io.vertx.core.json.JsonObject;
import one.mcps.platform.http.McpHeaderValues;
import one.mcps.platform.mcp.McpErrorCodes;

/**
 * MCP 2026-07-28's standard headers, {@code Mcp-Method} and {@code Mcp-Name}, exist so that intermediaries like this
 * gateway can route and police a request without reading its body. A client controls both, so before any policy here
 * relies on them they must say what the body says: a request whose headers disagree with its body is refused with the
 * revision's {@code -32020} (HTTP 400), and neither charged nor forwarded. Whether they must be present depends on the
 * revision the body claims, which mcp-proxy decides; the gateway checks agreement only. A non-ASCII name travels as
 * {@code =?base64?...?=}.
 */
final class McpHeaderCheck {

    static final String METHOD = "Mcp-Method";
    static final String NAME = "Mcp-Name";
    private McpHeaderCheck() {
    }

    /** The JSON-RPC error answering a body whose headers disagree with it, or null when they agree. */
    static JsonObject mismatch(MultiMap headers, ToolCallCounter body) {
        String methodHeader = strip(headers.get(METHOD));
        String nameHeader = strip(headers.get(NAME));
        if (methodHeader == null && nameHeader == null) {
            return null;
        }
        if (body.batch()) {
            return error(null, "a batch carries several messages, but " + (methodHeader != null ? METHOD : NAME)
                    + " names one");
        }
        if (methodHeader != null && !methodHeader.equals(body.method())) {
            return error(body.id(), "the body names method " + body.method() + " but " + METHOD + " names "
                    + methodHeader);
        }
        String field = McpHeaderValues.nameField(body.method());
        if (nameHeader == null || field == null) {
            return null;
        }
        String value = "uri".equals(field) ? body.uri() : body.name();
        String decoded = McpHeaderValues.decode(nameHeader);
        if (decoded == null) {
            return error(body.id(), "the " + NAME + " header carries an invalid Base64 value");
        }
        return value == null || decoded.equals(value) ? null : error(body.id(), "the body carries params." + field
                + "=\"" + value + "\" but " + NAME + " names \"" + decoded + "\"");
    }

    private static String strip(String value) {
        return value == null ? null : value.strip();
    }

    private static JsonObject error(Object id, String detail) {
        return new JsonObject().put("jsonrpc", "2.0").put("id", id).put("error", new JsonObject()
                .put("code", McpErrorCodes.HEADER_MISMATCH)
                .put("message", "Bad Request: the request headers and body disagree: " + detail));
    }
}
