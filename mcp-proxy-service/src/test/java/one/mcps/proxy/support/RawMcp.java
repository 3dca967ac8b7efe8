package one.mcps.proxy.support;

import static io.restassured.RestAssured.given;

import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

/**
 * A client of the proxy's Streamable HTTP endpoints that sends exactly the JSON-RPC it is given, for tests that
 * look at what the SDK client hides (the session id, cancellation, what a client that declares nothing gets).
 */
public final class RawMcp {

    private final String token;
    private final String endpoint;
    private final String session;

    private RawMcp(String token, String endpoint, String session) {
        this.token = token;
        this.endpoint = endpoint;
        this.session = session;
    }

    /** Initializes a session at {@code endpoint} declaring {@code capabilities} (a JSON object). */
    public static RawMcp initialize(String token, String endpoint, String capabilities) {
        Response response = post(token, endpoint, null, "{\"jsonrpc\":\"2.0\",\"id\":0,\"method\":\"initialize\","
                + "\"params\":{\"protocolVersion\":\"2025-11-25\",\"capabilities\":" + capabilities
                + ",\"clientInfo\":{\"name\":\"raw\",\"version\":\"1\"}}}");
        response.then().statusCode(200);
        RawMcp client = new RawMcp(token, endpoint, response.header("Mcp-Session-Id"));
        client.send("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}").then().statusCode(202);
        return client;
    }

    public String session() {
        return session;
    }

    /** The same session, with requests sent under another credential (a key of the same user, a newer token). */
    public RawMcp as(String otherToken) {
        return new RawMcp(otherToken, endpoint, session);
    }

    /** {@code tools/call} with request id {@code id}; the whole JSON-RPC response. */
    public JsonPath call(int id, String tool, String arguments) {
        Response response = send("{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"tools/call\",\"params\":{"
                + "\"name\":\"" + tool + "\",\"arguments\":" + arguments + "}}");
        response.then().statusCode(200);
        return response.jsonPath();
    }

    /** The text of a call's first content item. */
    public String text(String tool, String arguments) {
        return call(1, tool, arguments).getString("result.content[0].text");
    }

    public Response send(String message) {
        return post(token, endpoint, session, message);
    }

    public void delete() {
        request(token, session).delete(endpoint).then().statusCode(204);
    }

    private static Response post(String token, String endpoint, String session, String body) {
        return request(token, session).contentType("application/json").body(body).post(endpoint);
    }

    private static RequestSpecification request(String token, String session) {
        RequestSpecification spec = given().auth().oauth2(token).accept("application/json, text/event-stream")
                .header("MCP-Protocol-Version", "2025-11-25");
        return session == null ? spec : spec.header("Mcp-Session-Id", session);
    }
}
