package one.mcps.proxy.support;

import static io.restassured.RestAssured.given;

import java.util.List;

import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import io.vertx.core.json.JsonObject;

/**
 * Requests as a 2026-07-28 client sends them: the envelope in {@code _meta}, the version, method and (where it
 * applies) name headers; for tests that read the revision's wire format itself.
 */
public final class StatelessMcp {

    public static final String VERSION = "2026-07-28";
    /** An envelope whose client declares no capabilities. */
    public static final JsonObject ENVELOPE = envelope(new JsonObject());

    private StatelessMcp() {
    }

    /** The envelope of a client that declares {@code capabilities}. */
    public static JsonObject envelope(JsonObject capabilities) {
        return new JsonObject().put("io.modelcontextprotocol/protocolVersion", VERSION)
                .put("io.modelcontextprotocol/clientInfo", new JsonObject().put("name", "test").put("version", "1"))
                .put("io.modelcontextprotocol/clientCapabilities", capabilities);
    }

    public static Response send(String token, String path, int id, String method, JsonObject params) {
        return send(token, path, id, method, params, ENVELOPE);
    }

    public static Response send(String token, String path, int id, String method, JsonObject params,
            JsonObject envelope) {
        RequestSpecification spec = headers(token, method);
        Object name = "resources/read".equals(method) ? params.getValue("uri") : params.getValue("name");
        if (name instanceof String value && List.of("tools/call", "prompts/get", "resources/read").contains(method)) {
            spec = spec.header("Mcp-Name", value);
        }
        return spec.body(request(id, method, params, envelope)).post(path);
    }

    public static RequestSpecification headers(String token, String method) {
        return given().auth().oauth2(token).contentType("application/json")
                .accept("application/json, text/event-stream").header("MCP-Protocol-Version", VERSION)
                .header("Mcp-Method", method);
    }

    public static String request(int id, String method, JsonObject params, JsonObject meta) {
        JsonObject merged = params.getValue("_meta") instanceof JsonObject own ? meta.copy().mergeIn(own) : meta;
        return new JsonObject().put("jsonrpc", "2.0").put("id", id).put("method", method)
                .put("params", params.copy().put("_meta", merged)).encode();
    }
}
