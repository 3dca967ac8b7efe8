package one.mcps.tools.bridge;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;

import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import one.mcps.platform.mcp.McpErrorCodes;
import one.mcps.testing.LocalStackResource;
import one.mcps.testing.TestTokens;
import one.mcps.tools.support.McpHttpClient;
import one.mcps.tools.support.Tools;
import one.mcps.tools.tasks.StandInProxy;

@QuarkusTest
@QuarkusTestResource(value = LocalStackResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(StandInProxy.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BridgeTest {

    private String name;
    private String url;
    private int port;

    /** Once per class, but after Quarkus pointed REST Assured at its random port (it is not yet in BeforeAll). */
    @BeforeEach
    void startServer() {
        if (name != null) {
            return;
        }
        name = Tools.unique("bridge");
        Map<String, Object> definition = new HashMap<>(Tools.everything(name));
        definition.put("max_concurrency", 200);
        Tools.create(definition);
        Tools.start(name);
        Tools.awaitState(name, "running");
        port = ConfigProvider.getConfig().getValue("quarkus.http.test-port", Integer.class);
        url = "http://127.0.0.1:" + port + "/internal/tools/" + name + "/mcp";
    }

    @AfterAll
    void removeServer() {
        // REST Assured is no longer pointed at the test port after the last test
        given().port(port).auth().oauth2(TestTokens.admin()).delete("/api/v1/tools/" + name).then().statusCode(204);
    }

    private McpHttpClient session() {
        return new McpHttpClient(url, TestTokens.service()).initialize(null);
    }

    private static ObjectNode echo(String message) {
        ObjectNode params = McpHttpClient.JSON.createObjectNode().put("name", "echo");
        params.putObject("arguments").put("message", message);
        return params;
    }

    @Test
    void sessionsSeeTheServersOwnInitializeResultAndToolList() {
        McpHttpClient client = session();
        assertEquals("2025-06-18", client.initializeResult().path("protocolVersion").asText());
        assertFalse(client.initializeResult().path("serverInfo").path("name").asText().isEmpty());
        JsonNode tools = client.call("tools/list", null);
        List<String> names = new ArrayList<>();
        tools.path("result").path("tools").forEach(t -> names.add(t.path("name").asText()));
        assertTrue(names.contains("echo"), tools.toString());
        assertTrue(names.contains("get-sum"), tools.toString());
        JsonNode sum = client.call("tools/call", McpHttpClient.JSON.createObjectNode().put("name", "get-sum")
                .set("arguments", McpHttpClient.JSON.createObjectNode().put("a", 2).put("b", 3)));
        assertTrue(sum.path("result").toString().contains("5"), sum.toString());
    }

    @Test
    void twoHundredConcurrentCallsFromTwentySessionsEachGetTheirOwnAnswer() {
        List<McpHttpClient> sessions = new ArrayList<>();
        for (int s = 0; s < 20; s++) {
            sessions.add(session());
        }
        List<CompletableFuture<Boolean>> calls = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            McpHttpClient client = sessions.get(i % 20);
            String message = "session " + client.sessionId() + " call " + i;
            ObjectNode request = client.request("tools/call", echo(message));
            long id = request.get("id").asLong();
            calls.add(client.callAsync(request).thenApply(response -> response.path("id").asLong() == id
                    && response.path("result").toString().contains(message)));
        }
        long good = calls.stream().map(CompletableFuture::join).filter(ok -> ok).count();
        assertEquals(200, good);
    }

    @Test
    void progressIsStreamedToTheRequestWithTheClientsOwnToken() {
        McpHttpClient client = session();
        ObjectNode params = McpHttpClient.JSON.createObjectNode().put("name", "trigger-long-running-operation");
        params.putObject("arguments").put("duration", 1).put("steps", 3);
        params.putObject("_meta").put("progressToken", "my-token");
        HttpResponse<Stream<String>> response = client.stream(client.request("tools/call", params),
                "application/json, text/event-stream");
        assertEquals("text/event-stream", response.headers().firstValue("Content-Type").orElse(""));
        List<JsonNode> messages = response.body().filter(l -> l.startsWith("data:"))
                .map(l -> McpHttpClient.read(l)).toList();
        List<JsonNode> progress = messages.stream()
                .filter(m -> "notifications/progress".equals(m.path("method").asText())).toList();
        assertEquals(3, progress.size(), messages.toString());
        progress.forEach(p -> assertEquals("my-token", p.path("params").path("progressToken").asText()));
        assertTrue(messages.get(messages.size() - 1).path("result").toString().contains("completed"),
                messages.toString());
    }

    @Test
    void samplingRequestGoesToTheOriginatingSessionOrIsRefusedNeverHangs() throws Exception {
        ObjectNode params = McpHttpClient.JSON.createObjectNode().put("name", "trigger-sampling-request");
        params.putObject("arguments").put("prompt", "say hi").put("maxTokens", 10);

        // a session without the sampling capability: the server's request is answered with an error at once
        McpHttpClient plain = session();
        JsonNode refused = plain.call("tools/call", params);
        assertTrue(refused.toString().contains("sampling"), refused.toString());

        // a session that declared sampling, with no stream of its own, accepting JSON or a stream as clients do: the
        // call's answer turns into a stream when the server asks something, so the request reaches the very call
        McpHttpClient sampler = new McpHttpClient(url, TestTokens.service())
                .initialize(McpHttpClient.JSON.createObjectNode().set("sampling", McpHttpClient.JSON.createObjectNode()));
        HttpResponse<Stream<String>> response = sampler.stream(sampler.request("tools/call", params),
                "application/json, text/event-stream");
        assertEquals("text/event-stream", response.headers().firstValue("Content-Type").orElse(""));
        Iterator<String> lines = response.body().filter(l -> l.startsWith("data:")).iterator();
        JsonNode samplingRequest = McpHttpClient.read(lines.next());
        assertEquals("sampling/createMessage", samplingRequest.path("method").asText(), samplingRequest.toString());
        // The server's own id, as any transport passes it: a client may name its answer by it (MCP 2026-07-28's
        // input requests are keyed so by the proxy).
        assertTrue(samplingRequest.get("id").isIntegralNumber(), samplingRequest.toString());
        ObjectNode answer = McpHttpClient.JSON.createObjectNode().put("jsonrpc", "2.0");
        answer.set("id", samplingRequest.get("id"));
        ObjectNode result = answer.putObject("result").put("role", "assistant").put("model", "test-model");
        result.putObject("content").put("type", "text").put("text", "hi from the client");
        assertEquals(202, sampler.send(answer, "application/json, text/event-stream").statusCode());
        JsonNode toolResult = McpHttpClient.read(lines.next());
        assertTrue(toolResult.path("result").toString().contains("hi from the client"), toolResult.toString());
    }

    /** The bridge times a call; its error says so in the platform's one code table, which mcp-proxy reads too. */
    @Test
    void aCallNotAnsweredInTimeGetsTheTimeoutCode() {
        String slow = Tools.unique("slow");
        Map<String, Object> definition = new HashMap<>(Tools.everything(slow));
        definition.put("call_timeout_ms", 1000);
        Tools.create(definition);
        try {
            Tools.start(slow);
            Tools.awaitState(slow, "running");
            McpHttpClient client = new McpHttpClient("http://127.0.0.1:" + port + "/internal/tools/" + slow + "/mcp",
                    TestTokens.service()).initialize(null);
            ObjectNode params = McpHttpClient.JSON.createObjectNode().put("name", "trigger-long-running-operation");
            params.putObject("arguments").put("duration", 3).put("steps", 1);
            JsonNode answer = client.call("tools/call", params);
            assertEquals(McpErrorCodes.SERVER_TIMEOUT, answer.path("error").path("code").asInt(), answer.toString());
            assertTrue(answer.path("error").path("message").asText().contains("1000 ms"), answer.toString());
        } finally {
            given().auth().oauth2(TestTokens.admin()).delete("/api/v1/tools/" + slow).then().statusCode(204);
        }
    }

    @Test
    void aBatchIsAnsweredWithAnArrayOfTheAnswersToItsRequests() {
        McpHttpClient client = session();
        ObjectNode sum = client.request("tools/call", McpHttpClient.JSON.createObjectNode().put("name", "get-sum")
                .set("arguments", McpHttpClient.JSON.createObjectNode().put("a", 2).put("b", 3)));
        ObjectNode echo = client.request("tools/call", echo("in a batch"));
        ObjectNode ping = client.request("ping", null);
        ArrayNode batch = McpHttpClient.JSON.createArrayNode().add(sum)
                .add(McpHttpClient.JSON.createObjectNode().put("jsonrpc", "2.0")
                        .put("method", "notifications/roots/list_changed"))
                .add(echo).add(ping).add(client.request("initialize", McpHttpClient.JSON.createObjectNode()))
                .add(McpHttpClient.JSON.createObjectNode().put("no", "message"));
        HttpResponse<String> response = client.send(batch, "application/json, text/event-stream");
        assertEquals(200, response.statusCode(), response.body());
        JsonNode answers = McpHttpClient.read(response.body());
        assertTrue(answers.isArray(), response.body());
        assertEquals(5, answers.size(), "one entry per request and per invalid element, none for the notification: "
                + answers);
        assertEquals(sum.get("id").asLong(), answers.get(0).path("id").asLong());
        assertTrue(answers.get(0).path("result").toString().contains("5"), answers.toString());
        assertEquals(echo.get("id").asLong(), answers.get(1).path("id").asLong());
        assertTrue(answers.get(1).path("result").toString().contains("in a batch"), answers.toString());
        assertEquals(ping.get("id").asLong(), answers.get(2).path("id").asLong());
        assertTrue(answers.get(2).get("result").isObject(), answers.toString());
        assertEquals(-32600, answers.get(3).path("error").path("code").asInt(), answers.toString());
        assertEquals(-32600, answers.get(4).path("error").path("code").asInt(), answers.toString());

        ArrayNode onlyNotifications = McpHttpClient.JSON.createArrayNode().add(McpHttpClient.JSON.createObjectNode()
                .put("jsonrpc", "2.0").put("method", "notifications/roots/list_changed"));
        assertEquals(202, client.send(onlyNotifications, "application/json").statusCode());
        HttpResponse<String> empty = client.send(McpHttpClient.JSON.createArrayNode(), "application/json");
        assertEquals(400, empty.statusCode());
        assertEquals(-32600, McpHttpClient.read(empty.body()).path("error").path("code").asInt(), empty.body());
    }

    /**
     * Issue 15 item 8: the bridge runs a tool without its allowed roles or a key's scope, so only services may use
     * it: an admin's JWT, API key or scoped key is refused like anyone's, also on the route for remembered callers.
     */
    @Test
    void onlyServicesMayUseTheBridge() {
        String initialize = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{"
                + "\"protocolVersion\":\"2025-06-18\",\"capabilities\":{},"
                + "\"clientInfo\":{\"name\":\"t\",\"version\":\"1\"}}}";
        given().contentType("application/json").body(initialize).post(bridgePath()).then().statusCode(401)
                .contentType("application/problem+json");
        String admin = TestTokens.admin();
        for (String token : List.of(TestTokens.forUser("olga", "operator"), admin, admin, StandInProxy.ADMIN_KEY,
                StandInProxy.SCOPED_ADMIN_KEY)) {
            given().auth().oauth2(token).contentType("application/json").accept("application/json")
                    .body(initialize).post(bridgePath()).then().statusCode(403)
                    .contentType("application/problem+json");
        }
        given().auth().oauth2(TestTokens.service()).contentType("application/json").accept("application/json")
                .body(initialize).post(bridgePath()).then().statusCode(200).header("Mcp-Session-Id", notNullValue());
    }

    @Test
    void aRememberedTokenIsRefusedOnceRevoked() {
        String jti = java.util.UUID.randomUUID().toString();
        String token = TestTokens.token(java.util.UUID.randomUUID().toString(), "proxy", jti, "service");
        McpHttpClient client = new McpHttpClient(url, token).initialize(null);
        assertEquals("pong", client.call("ping", null).has("result") ? "pong" : "no");

        String revocation = "{\"kind\":\"token\",\"jti\":\"" + jti + "\",\"expires_at\":\""
                + java.time.Instant.now().plusSeconds(1800) + "\",\"at\":\"" + java.time.Instant.now() + "\"}";
        one.mcps.testing.KafkaProbe.send(one.mcps.platform.events.Topics.REVOCATIONS, jti,
                one.mcps.platform.events.EventTypes.REVOCATION, revocation);
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(15))
                .until(() -> client.send(client.request("ping", null), "application/json").statusCode() == 401);
    }

    @Test
    void badSessionsAndBadBodiesAreClientErrors() {
        String ping = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}";
        given().auth().oauth2(TestTokens.service()).contentType("application/json").body(ping).post(bridgePath())
                .then().statusCode(400).body("error.code", equalTo(-32600));
        given().auth().oauth2(TestTokens.service()).contentType("application/json")
                .header("Mcp-Session-Id", "no-such-session").body(ping).post(bridgePath()).then().statusCode(404);
        given().auth().oauth2(TestTokens.service()).contentType("application/json").body("{\"jsonrpc\": ")
                .post(bridgePath()).then().statusCode(400).body("error.code", equalTo(-32700));
        given().auth().oauth2(TestTokens.service()).contentType("application/json").body("{}")
                .post("/internal/tools/no-such-tool/mcp").then().statusCode(404)
                .contentType("application/problem+json");

        McpHttpClient client = session();
        given().auth().oauth2(TestTokens.service()).header("Mcp-Session-Id", client.sessionId())
                .delete(bridgePath()).then().statusCode(204);
        given().auth().oauth2(TestTokens.service()).contentType("application/json")
                .header("Mcp-Session-Id", client.sessionId()).body(ping).post(bridgePath()).then().statusCode(404);
    }

    private String bridgePath() {
        return "/internal/tools/" + name + "/mcp";
    }
}
