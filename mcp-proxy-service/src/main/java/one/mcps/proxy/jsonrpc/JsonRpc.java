package one.mcps.proxy.jsonrpc;

import io.vertx.core.json.JsonObject;

/** JSON-RPC 2.0 message shapes and the error codes MCP uses. */
public final class JsonRpc {

    public static final int PARSE_ERROR = -32700;
    public static final int INVALID_REQUEST = -32600;
    public static final int METHOD_NOT_FOUND = -32601;
    public static final int INVALID_PARAMS = -32602;
    public static final int INTERNAL_ERROR = -32603;
    /** Implementation-defined server error: the session id is unknown or expired (the client re-initializes). */
    public static final int SESSION_NOT_FOUND = -32001;
    /** Implementation-defined server error: the upstream did not answer in time or is unavailable. */
    public static final int UPSTREAM_UNAVAILABLE = -32003;
    /** Implementation-defined: the client cancelled this request (the code LSP uses); ends a pending HTTP exchange. */
    public static final int REQUEST_CANCELLED = -32800;
    /** MCP: the requested resource does not exist (2026-07-28 answers -32602 instead, with the URI as data). */
    public static final int RESOURCE_NOT_FOUND = -32002;
    /** MCP 2026-07-28: the request's headers and body disagree (version, Mcp-Method, Mcp-Name); HTTP 400. */
    public static final int HEADER_MISMATCH = -32020;
    /** MCP 2026-07-28: the version the request names is not served; data lists the supported ones; HTTP 400. */
    public static final int UNSUPPORTED_PROTOCOL_VERSION = -32022;
    /** 2026-07-28: the request needs a capability its client did not declare ({@code data.requiredCapabilities}). */
    public static final int MISSING_REQUIRED_CLIENT_CAPABILITY = -32021;

    private JsonRpc() {
    }

    public static JsonObject result(Object id, JsonObject result) {
        return new JsonObject().put("jsonrpc", "2.0").put("id", id).put("result", result);
    }

    public static JsonObject error(Object id, int code, String message) {
        return new JsonObject().put("jsonrpc", "2.0").put("id", id)
                .put("error", new JsonObject().put("code", code).put("message", message));
    }

    /** An error with {@code data} (a JSON value), or without when it is null. */
    public static JsonObject error(Object id, int code, String message, Object data) {
        JsonObject error = error(id, code, message);
        if (data != null) {
            error.getJsonObject("error").put("data", data);
        }
        return error;
    }

    public static JsonObject notification(String method, JsonObject params) {
        JsonObject message = new JsonObject().put("jsonrpc", "2.0").put("method", method);
        return params == null ? message : message.put("params", params);
    }

    public static boolean isRequest(JsonObject message) {
        return message.containsKey("method") && message.containsKey("id");
    }

    public static boolean isNotification(JsonObject message) {
        return message.containsKey("method") && !message.containsKey("id");
    }

    public static boolean isResponse(JsonObject message) {
        return !message.containsKey("method") && message.containsKey("id")
                && (message.containsKey("result") || message.containsKey("error"));
    }
}
