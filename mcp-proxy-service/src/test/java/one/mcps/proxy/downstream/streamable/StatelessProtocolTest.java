package one.mcps.proxy.downstream.streamable;

import static io.restassured.RestAssured.given;
import static one.mcps.proxy.support.StatelessMcp.headers;
import static one.mcps.proxy.support.StatelessMcp.request;
import static one.mcps.proxy.support.StatelessMcp.send;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.hamcrest.Matchers.stringContainsInOrder;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.vertx.core.json.JsonObject;
import one.mcps.platform.events.Topics;
import one.mcps.proxy.support.McpUpstreams;
import one.mcps.proxy.support.StatelessMcp;
import one.mcps.proxy.support.Upstreams;
import one.mcps.testing.KafkaProbe;
import one.mcps.testing.LocalStackResource;
import one.mcps.testing.TestTokens;

/**
 * MCP 2026-07-28 on the endpoints that serve the stateful revisions: real requests over HTTP, as a 2026-07-28 client
 * sends them (the envelope in {@code _meta}, the standard headers), against the real upstreams.
 */
@QuarkusTest
@QuarkusTestResource(value = LocalStackResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = McpUpstreams.class, restrictToAnnotatedClass = false)
class StatelessProtocolTest {

    private static final String VERSION = StatelessMcp.VERSION;
    private static final JsonObject ENVELOPE = StatelessMcp.ENVELOPE;

    @BeforeEach
    void upstreamsConnected() {
        Upstreams.awaitConnected();
    }

    @Test
    void discoverNamesTheRevisionAndTheServerWithoutASession() {
        send(TestTokens.admin(), "/mcp", 1, "server/discover", new JsonObject()).then().statusCode(200)
                .header("Mcp-Session-Id", nullValue())
                .body("id", equalTo(1))
                .body("result.supportedVersions", equalTo(List.of(VERSION)))
                .body("result.capabilities.tools.listChanged", equalTo(true))
                .body("result.capabilities.resources.subscribe", equalTo(true))
                .body("result.capabilities.prompts", notNullValue())
                .body("result.resultType", equalTo("complete"))
                .body("result.cacheScope", equalTo("private"))
                .body("result.ttlMs", equalTo(10000))
                .body("result._meta.'io.modelcontextprotocol/serverInfo'.name", equalTo("mcps-one"));
    }

    /** Lists are filtered per caller, so they are cacheable but private: a viewer does not see operators' tools. */
    @Test
    void listsAreTheCallersCatalogAndPrivate() {
        send(TestTokens.forUser("op-" + UUID.randomUUID(), "operator"), "/mcp", 2, "tools/list", new JsonObject())
                .then().statusCode(200)
                .body("result.tools.name", hasItems("everything__echo", "restricted__echo", "legacy__echo"))
                .body("result.cacheScope", equalTo("private")).body("result.ttlMs", equalTo(10000))
                .body("result.resultType", equalTo("complete"));
        send(TestTokens.forUser("viewer-" + UUID.randomUUID(), "viewer"), "/mcp", 3, "tools/list", new JsonObject())
                .then().statusCode(200)
                .body("result.tools.name", hasItem("everything__echo"))
                .body("result.tools.name", not(hasItem("restricted__echo")))
                .body("result.cacheScope", equalTo("private"));
        send(TestTokens.admin(), "/servers/everything/mcp", 4, "prompts/list", new JsonObject()).then()
                .statusCode(200).body("result.prompts.name", hasItem("simple-prompt"))
                .body("result.cacheScope", equalTo("private"));
        send(TestTokens.admin(), "/mcp", 5, "resources/templates/list", new JsonObject()).then().statusCode(200)
                .body("result.resourceTemplates.uriTemplate", hasItem(startsWith("everything+")))
                .body("result.cacheScope", equalTo("private"));
        send(TestTokens.admin(), "/mcp", 6, "resources/list", new JsonObject()).then().statusCode(200)
                .body("result.resources.uri", hasItem("everything+demo://resource/static/document/architecture.md"))
                .body("result.cacheScope", equalTo("private"));
    }

    @Test
    void aToolCallReachesTheUpstreamAndIsRecordedLikeASessionsCall() {
        String username = "carol-" + UUID.randomUUID();
        try (KafkaProbe calls = KafkaProbe.watch(Topics.MCP_CALLS)) {
            send(TestTokens.forUser(username, "operator"), "/mcp", 7, "tools/call", new JsonObject()
                    .put("name", "everything__echo").put("arguments", new JsonObject().put("message", "stateless")))
                    .then().statusCode(200)
                    .body("id", equalTo(7))
                    .body("result.content[0].text", containsString("stateless"))
                    .body("result.resultType", equalTo("complete"))
                    .body("result._meta.'io.modelcontextprotocol/serverInfo'.name", equalTo("mcps-one"));
            var record = calls.await(r -> r.value().contains(username), Duration.ofSeconds(20));
            assertThat(record.value(), stringContainsInOrder("\"server\":\"everything\"", "\"method\":\"tools/call\"",
                    "\"name\":\"everything__echo\"", "\"outcome\":\"ok\""));
        }
        // A server's own endpoint takes its own names; Mcp-Name carries what the body names.
        send(TestTokens.admin(), "/servers/everything/mcp", 8, "tools/call", new JsonObject().put("name", "get-sum")
                .put("arguments", new JsonObject().put("a", 2).put("b", 3))).then().statusCode(200)
                .body("result.content[0].text", containsString("5"));
        // RBAC as for a session: the viewer's call of an operators-only tool is an unknown tool.
        send(TestTokens.forUser("viewer-" + UUID.randomUUID(), "viewer"), "/mcp", 9, "tools/call", new JsonObject()
                .put("name", "restricted__echo").put("arguments", new JsonObject().put("message", "x")))
                .then().statusCode(200).body("error.code", equalTo(-32602))
                .body("error.message", containsString("Unknown tool"));
    }

    @Test
    void readsAndPromptsAnswerAndAMissingResourceIsInvalidParamsWithItsUri() {
        String uri = "everything+demo://resource/static/document/architecture.md";
        send(TestTokens.admin(), "/mcp", 10, "resources/read", new JsonObject().put("uri", uri)).then()
                .statusCode(200).body("result.contents[0].uri", equalTo(uri))
                .body("result.ttlMs", equalTo(0)).body("result.cacheScope", equalTo("private"));
        send(TestTokens.admin(), "/mcp", 11, "resources/read", new JsonObject().put("uri", "nowhere+x://y")).then()
                .statusCode(200).body("error.code", equalTo(-32602)).body("error.data.uri", equalTo("nowhere+x://y"));
        send(TestTokens.admin(), "/mcp", 12, "prompts/get", new JsonObject().put("name", "everything__simple-prompt"))
                .then().statusCode(200).body("result.messages", notNullValue())
                .body("result.resultType", equalTo("complete"));
    }

    @Test
    void progressComesAsServerSentEventsBeforeTheResult() {
        JsonObject meta = ENVELOPE.copy().put("progressToken", "p-1");
        String body = request(13, "tools/call", new JsonObject().put("name", "everything__trigger-long-running-operation")
                .put("arguments", new JsonObject().put("duration", 1).put("steps", 2)), meta);
        Response response = headers(TestTokens.admin(), "tools/call")
                .header("Mcp-Name", "everything__trigger-long-running-operation").body(body).post("/mcp");
        response.then().statusCode(200).contentType(startsWith("text/event-stream"));
        assertThat(response.asString(), stringContainsInOrder("notifications/progress", "\"progressToken\":\"p-1\"",
                "Long running operation completed", "\"resultType\":\"complete\""));
    }

    @Test
    void theEnvelopeIsValidatedWithTheRevisionsErrorCodes() {
        String admin = TestTokens.admin();
        // No _meta at all, though the header names the revision: invalid params, 400.
        headers(admin, "server/discover").body("{\"jsonrpc\":\"2.0\",\"id\":20,\"method\":\"server/discover\"}")
                .post("/mcp").then().statusCode(400).body("id", equalTo(20)).body("error.code", equalTo(-32602));
        JsonObject noCapabilities = ENVELOPE.copy();
        noCapabilities.remove("io.modelcontextprotocol/clientCapabilities");
        headers(admin, "server/discover").body(request(21, "server/discover", new JsonObject(), noCapabilities))
                .post("/mcp").then().statusCode(400).body("error.code", equalTo(-32602))
                .body("error.message", containsString("clientCapabilities"));
        // A version we do not serve: -32022 naming what we serve and echoing what was asked.
        JsonObject future = ENVELOPE.copy().put("io.modelcontextprotocol/protocolVersion", "2099-01-01");
        given().auth().oauth2(admin).contentType("application/json").accept("application/json, text/event-stream")
                .header("MCP-Protocol-Version", "2099-01-01").header("Mcp-Method", "server/discover")
                .body(request(22, "server/discover", new JsonObject(), future)).post("/mcp").then().statusCode(400)
                .body("id", equalTo(22)).body("error.code", equalTo(-32022))
                .body("error.data.supported", equalTo(List.of(VERSION)))
                .body("error.data.requested", equalTo("2099-01-01"));
        // Header and body disagree on the version, the method or the name: -32020, 400.
        given().auth().oauth2(admin).contentType("application/json").accept("application/json, text/event-stream")
                .header("MCP-Protocol-Version", "2025-11-25").header("Mcp-Method", "server/discover")
                .body(request(23, "server/discover", new JsonObject(), ENVELOPE)).post("/mcp").then().statusCode(400)
                .body("error.code", equalTo(-32020));
        headers(admin, "tools/list").body(request(24, "server/discover", new JsonObject(), ENVELOPE)).post("/mcp")
                .then().statusCode(400).body("id", equalTo(24)).body("error.code", equalTo(-32020));
        JsonObject echo = new JsonObject().put("name", "everything__echo")
                .put("arguments", new JsonObject().put("message", "x"));
        headers(admin, "tools/call").header("Mcp-Name", "everything__get-sum").body(request(25, "tools/call", echo,
                ENVELOPE)).post("/mcp").then().statusCode(400).body("error.code", equalTo(-32020));
        headers(admin, "tools/call").body(request(26, "tools/call", echo, ENVELOPE)).post("/mcp").then()
                .statusCode(400).body("error.code", equalTo(-32020));
        // Mcp-Name in its Base64 form names the same tool.
        String encoded = "=?base64?" + Base64.getEncoder().encodeToString("everything__echo"
                .getBytes(StandardCharsets.UTF_8)) + "?=";
        headers(admin, "tools/call").header("Mcp-Name", encoded).body(request(27, "tools/call", echo, ENVELOPE))
                .post("/mcp").then().statusCode(200).body("result.content[0].text", containsString("x"));
    }

    @Test
    void methodsThisRevisionDoesNotHaveAre404MethodNotFound() {
        for (String method : List.of("initialize", "ping", "logging/setLevel", "resources/subscribe", "no/such")) {
            send(TestTokens.admin(), "/mcp", 30, method, new JsonObject()).then().statusCode(404)
                    .body("id", equalTo(30)).body("error.code", equalTo(-32601));
        }
    }

    @Test
    void anUnknownServersEndpointIs404() {
        send(TestTokens.admin(), "/servers/no-such-server/mcp", 40, "tools/list", new JsonObject()).then()
                .statusCode(404).contentType(startsWith("application/problem+json"));
        send(TestTokens.forUser("viewer-" + UUID.randomUUID(), "viewer"), "/servers/restricted/mcp", 41, "tools/list",
                new JsonObject()).then().statusCode(404);
    }

    /** The stateful revisions keep working beside it, on the same URL, with their own sessions. */
    @Test
    void aStatefulClientStillInitializesAtTheSameUrl() {
        Response init = given().auth().oauth2(TestTokens.admin()).contentType("application/json")
                .accept("application/json, text/event-stream")
                .body("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":"
                        + "\"2025-11-25\",\"capabilities\":{},\"clientInfo\":{\"name\":\"old\",\"version\":\"1\"}}}")
                .post("/mcp");
        init.then().statusCode(200).body("result.protocolVersion", equalTo("2025-11-25"))
                .header("Mcp-Session-Id", notNullValue());
        // An initialize sent with the stateless version in its header is a contradiction, not a session.
        given().auth().oauth2(TestTokens.admin()).contentType("application/json")
                .accept("application/json, text/event-stream").header("MCP-Protocol-Version", VERSION)
                .body("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":"
                        + "\"2025-11-25\",\"capabilities\":{},\"clientInfo\":{\"name\":\"old\",\"version\":\"1\"}}}")
                .post("/mcp").then().statusCode(400).body("error.code", equalTo(-32020));
    }

    @Test
    void originsTheRequestWasSentToOrLoopbackOnLoopbackAreAllowed() {
        // The test client connects over loopback: any loopback origin passes, a foreign one (DNS rebinding) does not.
        discoverFrom("http://localhost:5999", Map.of()).then().statusCode(200);
        discoverFrom("http://[::1]:8083", Map.of()).then().statusCode(200);
        discoverFrom("http://evil.example.com", Map.of("Host", "evil.example.com")).then().statusCode(403);
        // Through the gateway (a trusted proxy) from a remote browser: its own origin passes, another does not.
        Map<String, String> remote = Map.of("X-Forwarded-For", "203.0.113.7", "X-Forwarded-Host", "mcps.example.com",
                "X-Forwarded-Proto", "https");
        discoverFrom("https://mcps.example.com", remote).then().statusCode(200);
        discoverFrom("https://other.example.com", remote).then().statusCode(403);
        discoverFrom("http://localhost:5999", remote).then().statusCode(403);
    }

    private static Response discoverFrom(String origin, Map<String, String> extra) {
        return headers(TestTokens.admin(), "server/discover").header("Origin", origin).headers(extra)
                .body(request(50, "server/discover", new JsonObject(), ENVELOPE)).post("/mcp");
    }
}
