package one.mcps.gateway.ratelimit;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import one.mcps.gateway.FakeUpstreams;
import one.mcps.testing.LocalStackResource;
import one.mcps.testing.TestTokens;

/**
 * MCP 2026-07-28's {@code Mcp-Method} / {@code Mcp-Name} headers are checked against the body before the per-call
 * limit (5 a minute in tests) charges anything: a request whose headers disagree is answered 400 with JSON-RPC -32020,
 * is not charged and never reaches the proxy; one whose headers agree goes on as any other.
 */
@QuarkusTest
@QuarkusTestResource(value = LocalStackResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = FakeUpstreams.class, restrictToAnnotatedClass = false)
class McpHeaderCheckTest {

    private static String call(String id, String tool) {
        return "{\"jsonrpc\":\"2.0\",\"id\":\"" + id + "\",\"method\":\"tools/call\",\"params\":{\"name\":\"" + tool
                + "\",\"arguments\":{\"message\":\"hi\"},\"_meta\":{\"io.modelcontextprotocol/protocolVersion\":"
                + "\"2026-07-28\",\"io.modelcontextprotocol/clientCapabilities\":{}}}}";
    }

    private static ValidatableResponse post(String token, String method, String name, String body) {
        var request = given().auth().oauth2(token).header("MCP-Protocol-Version", "2026-07-28")
                .contentType("application/json").accept("application/json, text/event-stream");
        if (method != null) {
            request = request.header("Mcp-Method", method);
        }
        if (name != null) {
            request = request.header("Mcp-Name", name);
        }
        return request.body(body).post("/mcp").then();
    }

    private static String user() {
        return TestTokens.forUser("headers-" + UUID.randomUUID(), "operator");
    }

    @Test
    void aMethodHeaderThatHidesACallIsRefusedUnchargedAndNotForwarded() {
        String token = user();
        String id = UUID.randomUUID().toString();
        String body = call(id, "everything__echo");
        post(token, "tools/list", null, body).statusCode(400)
                .contentType("application/json")
                .header("RateLimit-Remaining", nullValue())
                .body("id", equalTo(id))
                .body("error.code", equalTo(-32020))
                .body("error.message", containsString("Mcp-Method names tools/list"));
        assertFalse(FakeUpstreams.MCP_BODIES.contains(body));
        // Nothing was charged: the first agreeing call leaves 4 of 5.
        String good = call(UUID.randomUUID().toString(), "everything__echo");
        post(token, "tools/call", "everything__echo", good).statusCode(200).header("RateLimit-Remaining", "4");
        assertTrue(FakeUpstreams.MCP_BODIES.contains(good));
    }

    @Test
    void aNameHeaderMustNameWhatTheBodyCalls() {
        String token = user();
        String body = call(UUID.randomUUID().toString(), "everything__echo");
        post(token, "tools/call", "everything__get-sum", body).statusCode(400).body("error.code", equalTo(-32020))
                .body("error.message", containsString("everything__get-sum"));
        post(token, "tools/call", "=?base64?not base64?=", body).statusCode(400).body("error.code", equalTo(-32020));
        assertFalse(FakeUpstreams.MCP_BODIES.contains(body));
        String encoded = "=?base64?" + Base64.getEncoder().encodeToString("everything__echo"
                .getBytes(StandardCharsets.UTF_8)) + "?=";
        post(token, "tools/call", encoded, body).statusCode(200).header("RateLimit-Remaining", "4");
    }

    @Test
    void aBatchCannotCarryTheHeadersOfOneMessage() {
        String body = "[" + call(UUID.randomUUID().toString(), "everything__echo") + "]";
        post(user(), "tools/call", null, body).statusCode(400).body("error.code", equalTo(-32020));
        assertFalse(FakeUpstreams.MCP_BODIES.contains(body));
    }

    /** A browser client of the console's origin may send them: its preflight allows both. */
    @Test
    void aBrowsersPreflightAllowsTheStandardHeaders() {
        given().header("Origin", "http://localhost:5173").header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", "mcp-protocol-version,mcp-method,mcp-name")
                .options("/mcp").then().statusCode(200)
                .header("Access-Control-Allow-Headers", containsString("Mcp-Method"))
                .header("Access-Control-Allow-Headers", containsString("Mcp-Name"));
    }

    /** Stateful clients send neither header: their requests are counted and forwarded as before. */
    @Test
    void requestsWithoutTheHeadersAreUnchanged() {
        String body = call(UUID.randomUUID().toString(), "everything__echo");
        post(user(), null, null, body).statusCode(200).header("RateLimit-Remaining", "4");
        assertTrue(FakeUpstreams.MCP_BODIES.contains(body));
    }
}
