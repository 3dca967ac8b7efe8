package one.mcps.proxy.jsonrpc;

import io.vertx.core.json.JsonObject;

/** JSON-RPC 2.0 message shapes (the error codes are the platform's {@code McpErrorCodes}). */
public final class JsonRpc {


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
