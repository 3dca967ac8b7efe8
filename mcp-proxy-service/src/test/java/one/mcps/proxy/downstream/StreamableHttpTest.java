package one.mcps.proxy.downstream;

import static io.restassured.RestAssured.given;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.hamcrest.Matchers.stringContainsInOrder;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import one.mcps.platform.events.EventTypes;
import one.mcps.platform.events.Topics;
import one.mcps.proxy.support.McpUpstreams;
import one.mcps.proxy.support.RawMcp;
import one.mcps.proxy.support.TestClients;
import one.mcps.proxy.support.Upstreams;
import one.mcps.testing.KafkaProbe;
import one.mcps.testing.LocalStackResource;
import one.mcps.testing.TestTokens;

@QuarkusTest
@QuarkusTestResource(value = LocalStackResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = McpUpstreams.class, restrictToAnnotatedClass = false)
class StreamableHttpTest {

    private static final String INIT = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{"
            + "\"protocolVersion\":\"2025-06-18\",\"capabilities\":{},\"clientInfo\":{\"name\":\"raw\",\"version\":\"1\"}}}";

    @BeforeEach
    void upstreamsConnected() {
        Upstreams.awaitConnected();
    }

    @Test
    void clientSeesNamespacedToolsAndCallsOneAndTheCallIsRecorded() {
        String username = "alice-" + UUID.randomUUID();
        try (KafkaProbe calls = KafkaProbe.watch(Topics.MCP_CALLS);
                McpSyncClient client = TestClients.streamable(TestTokens.forUser(username, "operator"), "/mcp")) {
            McpSchema.InitializeResult init = client.initialize();
            assertThat(init.protocolVersion(), notNullValue());
            assertThat(TestClients.toolNames(client), hasItems("everything__echo", "everything__get-sum",
                    "restricted__echo", "legacy__echo"));

            McpSchema.CallToolResult result = client.callTool(new McpSchema.CallToolRequest("everything__echo",
                    Map.of("message", "hello proxy")));
            assertThat(TestClients.text(result), containsString("hello proxy"));

            var record = calls.await(r -> r.value().contains(username), Duration.ofSeconds(20));
            assertThat(record.value(), stringContainsInOrder("\"server\":\"everything\"", "\"method\":\"tools/call\"",
                    "\"name\":\"everything__echo\"", "\"outcome\":\"ok\""));
            assertThat(record.key(), notNullValue());
            // A CloudEvent in binary mode, as observability's ingestion reads it (id for duplicates, type, source, time).
            assertThat(KafkaProbe.header(record, "ce_specversion"), equalTo("1.0"));
            assertThat(KafkaProbe.header(record, "ce_id"), notNullValue());
            assertThat(KafkaProbe.header(record, "ce_type"), equalTo(EventTypes.MCP_CALL));
            assertThat(KafkaProbe.header(record, "ce_source"), equalTo("/mcps/mcp-proxy-service"));
            assertThat(KafkaProbe.header(record, "content-type"), equalTo("application/json"));
            assertThat(OffsetDateTime.parse(KafkaProbe.header(record, "ce_time")), notNullValue());
        }
    }

    @Test
    void viewerDoesNotSeeOrCallAToolRestrictedToOperators() {
        try (McpSyncClient client = TestClients.streamable(TestTokens.forUser("vera-" + UUID.randomUUID(), "viewer"),
                "/mcp")) {
            client.initialize();
            assertThat(TestClients.toolNames(client), hasItem("everything__echo"));
            assertThat(TestClients.toolNames(client), everyItem(not(startsWith("restricted__"))));
            Exception refused = assertThrows(Exception.class, () -> client.callTool(
                    new McpSchema.CallToolRequest("restricted__echo", Map.of("message", "x"))));
            assertThat(refused.getMessage(), containsString("Unknown tool"));
        }
    }

    @Test
    void singleServerEndpointShowsItsOwnNames() {
        try (McpSyncClient client = TestClients.streamable(TestTokens.admin(), "/servers/everything/mcp")) {
            client.initialize();
            assertThat(TestClients.toolNames(client), hasItems("echo", "get-sum"));
            assertThat(TestClients.toolNames(client), everyItem(not(containsString("__"))));
            McpSchema.CallToolResult sum = client.callTool(new McpSchema.CallToolRequest("get-sum", Map.of("a", 2, "b", 3)));
            assertThat(TestClients.text(sum), containsString("5"));
        }
    }

    @Test
    void malformedMessageGetsAJsonRpcErrorAndTheSessionSurvives() {
        String session = initialize(TestTokens.admin());
        given().auth().oauth2(TestTokens.admin()).header("Mcp-Session-Id", session).contentType("application/json")
                .accept("application/json, text/event-stream").body("{\"jsonrpc\": \"2.0\", \"id\": ")
                .post("/mcp").then().statusCode(400).body("error.code", equalTo(-32700));
        given().auth().oauth2(TestTokens.admin()).header("Mcp-Session-Id", session).contentType("application/json")
                .accept("application/json, text/event-stream").body("{\"id\": 5, \"method\": 7}")
                .post("/mcp").then().statusCode(400).body("error.code", equalTo(-32600));
        given().auth().oauth2(TestTokens.admin()).header("Mcp-Session-Id", session).contentType("application/json")
                .accept("application/json, text/event-stream").body("{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"ping\"}")
                .post("/mcp").then().statusCode(200).body("id", equalTo(2)).body("result", notNullValue());
    }

    @Test
    void unknownSessionIsNotFoundSoTheClientReinitializes() {
        given().auth().oauth2(TestTokens.admin()).header("Mcp-Session-Id", "no-such-session")
                .contentType("application/json").accept("application/json, text/event-stream")
                .body("{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/list\"}")
                .post("/mcp").then().statusCode(404);
    }

    @Test
    void anotherUsersSessionIsNotFoundEither() {
        String session = initialize(TestTokens.forUser("owner-" + UUID.randomUUID(), "operator"));
        given().auth().oauth2(TestTokens.forUser("intruder-" + UUID.randomUUID(), "operator"))
                .header("Mcp-Session-Id", session).contentType("application/json")
                .accept("application/json, text/event-stream")
                .body("{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/list\"}")
                .post("/mcp").then().statusCode(404);
    }

    @Test
    void deletedSessionIsGone() {
        String session = initialize(TestTokens.admin());
        given().auth().oauth2(TestTokens.admin()).header("Mcp-Session-Id", session).delete("/mcp").then()
                .statusCode(204);
        given().auth().oauth2(TestTokens.admin()).header("Mcp-Session-Id", session).contentType("application/json")
                .accept("application/json, text/event-stream").body("{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"ping\"}")
                .post("/mcp").then().statusCode(404);
    }

    @Test
    void anUnknownServerAndOneTheCallerMayNotUseAreBothNotFoundAtInitialize() {
        given().auth().oauth2(TestTokens.admin()).contentType("application/json")
                .accept("application/json, text/event-stream").body(INIT).post("/servers/no-such-server/mcp").then()
                .statusCode(404).contentType("application/problem+json")
                .body("detail", equalTo("No running MCP server no-such-server that you may use."));
        given().auth().oauth2(TestTokens.forUser("vio-" + UUID.randomUUID(), "viewer")).contentType("application/json")
                .accept("application/json, text/event-stream").body(INIT).post("/servers/restricted/mcp").then()
                .statusCode(404).contentType("application/problem+json")
                .body("detail", equalTo("No running MCP server restricted that you may use."));
        given().auth().oauth2(TestTokens.admin()).accept("text/event-stream").get("/servers/no-such-server/sse")
                .then().statusCode(404).contentType("application/problem+json");
        given().auth().oauth2(TestTokens.admin()).contentType("application/json").body("{\"server\":\"no-such-server\"}")
                .post("/api/v1/sessions").then().statusCode(404).contentType("application/problem+json");
    }

    @Test
    void eachSupportedProtocolVersionIsAgreedAndAnUnknownOneGetsTheLatest() {
        for (String version : new String[] { "2025-11-25", "2025-06-18", "2025-03-26" }) {
            given().auth().oauth2(TestTokens.admin()).contentType("application/json")
                    .accept("application/json, text/event-stream").body(INIT.replace("2025-06-18", version))
                    .post("/mcp").then().statusCode(200).body("result.protocolVersion", equalTo(version));
        }
        given().auth().oauth2(TestTokens.admin()).contentType("application/json")
                .accept("application/json, text/event-stream").body(INIT.replace("2025-06-18", "2099-01-01"))
                .post("/mcp").then().statusCode(200).body("result.protocolVersion", equalTo("2025-11-25"));
        String session = initialize(TestTokens.admin());
        given().auth().oauth2(TestTokens.admin()).header("Mcp-Session-Id", session)
                .header("MCP-Protocol-Version", "1999-01-01").contentType("application/json")
                .accept("application/json, text/event-stream").body("{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"ping\"}")
                .post("/mcp").then().statusCode(400).body("error.code", equalTo(-32600));
    }

    @Test
    void aDeniedCallAndAResourceReadAreCallEventsOfTheSessionToo() {
        String username = "dee-" + UUID.randomUUID();
        try (KafkaProbe calls = KafkaProbe.watch(Topics.MCP_CALLS)) {
            RawMcp client = RawMcp.initialize(TestTokens.forUser(username, "viewer"), "/mcp", "{}");
            client.call(1, "restricted__echo", "{\"message\":\"x\"}");
            client.send("{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"resources/read\",\"params\":{\"uri\":"
                    + "\"everything+demo://resource/static/document/architecture.md\"}}").then().statusCode(200);

            var denied = calls.await(r -> r.value().contains(username) && r.value().contains("\"denied\""),
                    Duration.ofSeconds(20));
            assertThat(denied.key(), equalTo(client.session()));
            assertThat(denied.value(), stringContainsInOrder("\"method\":\"tools/call\"", "\"name\":\"restricted__echo\""));
            var read = calls.await(r -> r.value().contains(username) && r.value().contains("resources/read"),
                    Duration.ofSeconds(20));
            assertThat(read.value(), stringContainsInOrder("\"server\":\"everything\"", "\"outcome\":\"ok\""));
            assertThat(read.value(), not(containsString("\"response_bytes\":0")));
        }
    }

    @Test
    void aBatchIsAnsweredWithOneResponsePerRequest() {
        String session = initialize(TestTokens.admin());
        given().auth().oauth2(TestTokens.admin()).header("Mcp-Session-Id", session).contentType("application/json")
                .accept("application/json, text/event-stream")
                .body("[{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"},"
                        + "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"},"
                        + "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/call\",\"params\":{\"name\":"
                        + "\"everything__echo\",\"arguments\":{\"message\":\"in a batch\"}}}]")
                .post("/mcp").then().statusCode(200)
                .body("id", hasItems(1, 2))
                .body("find { it.id == 2 }.result.content[0].text", containsString("in a batch"));
    }

    @Test
    void aBrowserFromAnAllowedOriginIsServed() {
        given().auth().oauth2(TestTokens.admin()).header("Origin", "http://localhost:8080")
                .contentType("application/json").accept("application/json, text/event-stream").body(INIT)
                .post("/mcp").then().statusCode(200);
    }

    @Test
    void withoutATokenTheAnswerIs401WithAChallenge() {
        given().contentType("application/json").body(INIT).post("/mcp").then().statusCode(401)
                .header("WWW-Authenticate", containsString("Bearer"))
                .contentType("application/problem+json");
    }

    @Test
    void aTokenThatIsNotAValidJwtIs401NotAnError() {
        for (String token : new String[] { "not-a-jwt", TestTokens.admin() + "x", "mcps_nokey_nosecret" }) {
            given().auth().oauth2(token).contentType("application/json").body(INIT).post("/mcp").then()
                    .statusCode(401)
                    .header("WWW-Authenticate", containsString("Bearer"))
                    .contentType("application/problem+json");
        }
    }

    @Test
    void aBrowserFromAForeignOriginIsRefused() {
        given().auth().oauth2(TestTokens.admin()).header("Origin", "http://evil.example").contentType("application/json")
                .body(INIT).post("/mcp").then().statusCode(403).contentType("application/problem+json");
    }

    @Test
    void aSessionlessRequestIsABadRequest() {
        given().auth().oauth2(TestTokens.admin()).contentType("application/json")
                .accept("application/json, text/event-stream")
                .body("{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/list\"}").post("/mcp").then().statusCode(400);
    }

    private static String initialize(String token) {
        Response response = given().auth().oauth2(token).contentType("application/json")
                .accept("application/json, text/event-stream").body(INIT).post("/mcp");
        response.then().statusCode(200).body("result.protocolVersion", equalTo("2025-06-18"));
        return response.header("Mcp-Session-Id");
    }
}
