package one.mcps.tools.mcp;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * JSON-RPC 2.0 and MCP vocabulary. MCP messages pass through the bridge as trees, untouched but for ids and
 * progress tokens, so they use a plain mapper: the REST mapper's snake_case naming must never touch them.
 */
public final class JsonRpc {

    public static final ObjectMapper MAPPER = new ObjectMapper();
    public static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    /** Newest first; the bridge speaks all of them. */
    public static final List<String> PROTOCOL_VERSIONS = List.of("2025-11-25", "2025-06-18", "2025-03-26");


    private JsonRpc() {
    }

    public static ObjectNode request(long id, String method, JsonNode params) {
        ObjectNode node = NODES.objectNode().put("jsonrpc", "2.0").put("id", id).put("method", method);
        if (params != null) {
            node.set("params", params);
        }
        return node;
    }

    public static ObjectNode notification(String method, JsonNode params) {
        ObjectNode node = NODES.objectNode().put("jsonrpc", "2.0").put("method", method);
        if (params != null) {
            node.set("params", params);
        }
        return node;
    }

    public static ObjectNode result(JsonNode id, JsonNode result) {
        ObjectNode node = NODES.objectNode().put("jsonrpc", "2.0");
        node.set("id", id);
        node.set("result", result);
        return node;
    }

    public static ObjectNode error(JsonNode id, int code, String message) {
        ObjectNode node = NODES.objectNode().put("jsonrpc", "2.0");
        node.set("id", id == null ? NODES.nullNode() : id);
        node.putObject("error").put("code", code).put("message", message);
        return node;
    }

    public static boolean isRequest(JsonNode msg) {
        return msg.has("method") && msg.has("id");
    }

    public static boolean isNotification(JsonNode msg) {
        return msg.has("method") && !msg.has("id");
    }

    public static boolean isResponse(JsonNode msg) {
        return !msg.has("method") && msg.has("id") && (msg.has("result") || msg.has("error"));
    }

    public static String method(JsonNode msg) {
        return msg.path("method").asText();
    }

    /** The client's {@code params._meta.progressToken}, or null. */
    public static JsonNode progressToken(JsonNode msg) {
        JsonNode token = msg.path("params").path("_meta").path("progressToken");
        return token.isMissingNode() || token.isNull() ? null : token;
    }
}
