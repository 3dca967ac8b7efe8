package one.mcps.proxy.downstream;

import java.util.ArrayList;
import java.util.List;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import one.mcps.proxy.jsonrpc.JsonRpc;
import one.mcps.platform.json.StrictJson;
import one.mcps.platform.mcp.McpErrorCodes;

/**
 * A POSTed body read as JSON-RPC: one message or a batch (2025-03-26), or the JSON-RPC error that answers it when
 * it is not strictly valid JSON ({@link StrictJson}: no comments, no duplicate names...; -32700) or not a JSON-RPC
 * message (-32600). Nothing of a refused body runs.
 */
public record Incoming(List<JsonObject> messages, boolean batch, JsonObject error) {

    public static Incoming parse(Buffer body) {
        Object value;
        try {
            value = body == null || body.length() == 0 ? null : StrictJson.decode(body);
        } catch (DecodeException e) {
            return failed(McpErrorCodes.PARSE_ERROR, "Parse error: the body is not valid JSON.");
        }
        if (value instanceof JsonObject message) {
            return valid(message) ? new Incoming(List.of(message), false, null) : invalid(message);
        }
        if (value instanceof JsonArray array && !array.isEmpty()) {
            List<JsonObject> messages = new ArrayList<>();
            for (Object item : array) {
                if (!(item instanceof JsonObject message) || !valid(message)) {
                    return invalid(item instanceof JsonObject message ? message : null);
                }
                messages.add(message);
            }
            return new Incoming(List.copyOf(messages), true, null);
        }
        return failed(McpErrorCodes.INVALID_REQUEST, "Invalid request: expected a JSON-RPC 2.0 message.");
    }

    public boolean failed() {
        return error != null;
    }

    /** The initialize request, when this body is one (it must come alone, without a session). */
    public JsonObject initialize() {
        return !batch && "initialize".equals(messages.get(0).getString("method"))
                && JsonRpc.isRequest(messages.get(0)) ? messages.get(0) : null;
    }

    public boolean hasRequests() {
        return messages.stream().anyMatch(JsonRpc::isRequest);
    }

    private static boolean valid(JsonObject message) {
        if (!"2.0".equals(message.getValue("jsonrpc"))) {
            return false;
        }
        Object id = message.getValue("id");
        if (id != null && !(id instanceof String) && !(id instanceof Number)) {
            return false;
        }
        Object method = message.getValue("method");
        return method instanceof String || (method == null && JsonRpc.isResponse(message));
    }

    private static Incoming invalid(JsonObject message) {
        Object id = message == null ? null : message.getValue("id");
        return new Incoming(List.of(), false, JsonRpc.error(id instanceof String || id instanceof Number ? id : null,
                McpErrorCodes.INVALID_REQUEST, "Invalid request: expected a JSON-RPC 2.0 message."));
    }

    private static Incoming failed(int code, String message) {
        return new Incoming(List.of(), false, JsonRpc.error(null, code, message));
    }
}
