package one.mcps.gateway.ratelimit;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import one.mcps.gateway.FakeUpstreams;
import one.mcps.platform.events.EventTypes;
import one.mcps.platform.events.Topics;
import one.mcps.testing.KafkaProbe;
import one.mcps.testing.LocalStackResource;
import one.mcps.testing.TestTokens;

@QuarkusTest
@QuarkusTestResource(value = LocalStackResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = FakeUpstreams.class, restrictToAnnotatedClass = false)
class RateLimitTest {

    @TestHTTPResource("/")
    URI gateway;

    private static final String INITIALIZE = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{}}";
    private static final String TOOL_CALL = "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/call\","
            + "\"params\":{\"name\":\"fs__read_file\",\"arguments\":{}}}";

    @Test
    void the61stRequestInAMinuteIs429WithRateLimitHeaders() {
        String token = TestTokens.forUser("busy-" + UUID.randomUUID(), "viewer");
        given().auth().oauth2(token).get("/api/v1/tools").then().statusCode(200)
                .header("RateLimit-Limit", "60")
                .header("RateLimit-Remaining", "59");
        // The bucket refills one request a second, so a slow run may get a few more than 60 through.
        int passed = 1;
        Response refused;
        while ((refused = given().auth().oauth2(token).get("/api/v1/tools")).statusCode() == 200) {
            passed++;
            assertTrue(passed < 120, "the limit was never reached");
        }
        assertTrue(passed >= 60, "only " + passed + " requests passed");
        refused.then()
                .statusCode(429)
                .contentType("application/problem+json")
                .body("type", equalTo("https://mcps.one/problems/rate-limited"))
                .header("Retry-After", "1")
                .header("RateLimit-Limit", "60")
                .header("RateLimit-Remaining", "0")
                .header("RateLimit-Reset", notNullValue());
        // Another caller is not affected.
        given().auth().oauth2(TestTokens.forUser("calm-" + UUID.randomUUID(), "viewer")).get("/api/v1/tools")
                .then().statusCode(200);
    }

    @Test
    void theLimitChangesAtRuntimeThroughSystemConfig() {
        try {
            setDefaultLimit(3);
            String token = TestTokens.forUser("runtime-" + UUID.randomUUID(), "operator");
            for (int i = 0; i < 3; i++) {
                given().auth().oauth2(token).get("/api/v1/tasks").then().statusCode(200)
                        .header("RateLimit-Limit", "3");
            }
            given().auth().oauth2(token).get("/api/v1/tasks").then().statusCode(429);
        } finally {
            setDefaultLimit(60);
        }
    }

    @Test
    void mcpTrafficIsCountedPerToolCall() {
        String token = TestTokens.forUser("agent-" + UUID.randomUUID(), "viewer");
        String session = given().auth().oauth2(token).contentType("application/json").body(INITIALIZE)
                .post("/mcp").then().statusCode(200).extract().header("Mcp-Session-Id");
        for (int i = 0; i < 10; i++) {
            given().auth().oauth2(token).header("Mcp-Session-Id", session).contentType("application/json")
                    .body("{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"tools/list\"}").post("/mcp").then()
                    .statusCode(200);
        }
        for (int i = 0; i < 5; i++) {
            given().auth().oauth2(token).header("Mcp-Session-Id", session).contentType("application/json")
                    .body(TOOL_CALL).post("/mcp").then().statusCode(200)
                    .body("received", equalTo(TOOL_CALL));
        }
        given().auth().oauth2(token).header("Mcp-Session-Id", session).contentType("application/json")
                .body(TOOL_CALL).post("/mcp").then()
                .statusCode(429)
                .contentType("application/problem+json")
                .header("RateLimit-Limit", "5")
                .header("Retry-After", notNullValue());
        // Messages that call no tool still pass.
        given().auth().oauth2(token).header("Mcp-Session-Id", session).contentType("application/json")
                .body("{\"jsonrpc\":\"2.0\",\"id\":4,\"method\":\"tools/list\"}").post("/mcp").then()
                .statusCode(200);
    }

    @Test
    void aBatchCountsEachToolCallInItAndNothingElse() {
        String token = TestTokens.forUser("batch-" + UUID.randomUUID(), "viewer");
        String session = given().auth().oauth2(token).contentType("application/json").body(INITIALIZE)
                .post("/mcp").then().statusCode(200).extract().header("Mcp-Session-Id");
        // Three calls; a tools/list whose params merely contain a "method" field, and a stray value, count nothing.
        String batch = "[" + TOOL_CALL + ",{\"jsonrpc\":\"2.0\",\"id\":9,\"method\":\"tools/list\","
                + "\"params\":{\"method\":\"tools/call\",\"nested\":[{\"method\":\"tools/call\"}]}}," + TOOL_CALL
                + ",7," + TOOL_CALL + "]";
        given().auth().oauth2(token).header("Mcp-Session-Id", session).contentType("application/json")
                .body(batch).post("/mcp").then().statusCode(200)
                .header("RateLimit-Limit", "5")
                .header("RateLimit-Remaining", "2");
        given().auth().oauth2(token).header("Mcp-Session-Id", session).contentType("application/json")
                .body(TOOL_CALL).post("/mcp").then().statusCode(200)
                .header("RateLimit-Remaining", "1");
    }

    @Test
    void anonymousCallersAreLimitedPerAddress() throws IOException {
        // From an address of its own (127.0.0.2), so other tests' anonymous calls from 127.0.0.1 are not affected.
        InetAddress client = InetAddress.getByName("127.0.0.2");
        for (int i = 1; i <= 30; i++) {
            assertTrue(get(client, "/api/v1/system/health").startsWith("HTTP/1.1 200"));
        }
        String refused = get(client, "/api/v1/system/health");
        assertTrue(refused.startsWith("HTTP/1.1 429"), refused);
        assertTrue(refused.contains("RateLimit-Limit: 30"), refused);
        given().get("/api/v1/system/health").then().statusCode(200);
    }

    /** A raw HTTP/1.1 GET from a chosen local address; returns the status line and headers. */
    private String get(InetAddress from, String path) throws IOException {
        try (Socket socket = new Socket(gateway.getHost(), gateway.getPort(), from, 0)) {
            socket.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            String response = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            return response.substring(0, response.indexOf("\r\n\r\n"));
        }
    }

    private static void setDefaultLimit(int perMinute) {
        String event = "{\"setting_key\":\"" + FakeUpstreams.LIMIT_SETTING + "\",\"value\":" + perMinute
                + ",\"changed_by\":\"test\",\"at\":\"" + Instant.now() + "\"}";
        KafkaProbe.send(Topics.SYSTEM_CONFIG, FakeUpstreams.LIMIT_SETTING, EventTypes.CONFIG_CHANGED, event);
        String probe = TestTokens.forUser("probe-" + UUID.randomUUID(), "viewer");
        Awaitility.await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100))
                .untilAsserted(() -> given().auth().oauth2(probe).get("/api/v1/tasks").then()
                        .header("RateLimit-Limit", Integer.toString(perMinute)));
    }
}
