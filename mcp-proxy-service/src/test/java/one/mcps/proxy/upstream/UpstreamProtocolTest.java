package one.mcps.proxy.upstream;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import one.mcps.proxy.support.McpUpstreams;
import one.mcps.proxy.support.RawMcp;
import one.mcps.proxy.support.TestClients;
import one.mcps.proxy.support.Upstreams;
import one.mcps.testing.LocalStackResource;
import one.mcps.testing.TestTokens;

/**
 * What the proxy does to its upstreams on the lean path, seen from the upstream (the scripted server on the
 * TypeScript SDK, which reports its sessions, cancellations and roots notifications): cancellation, roots, a
 * session the upstream forgot, and one upstream session per client session for {@code per_session} tools.
 */
@QuarkusTest
@QuarkusTestResource(value = LocalStackResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = McpUpstreams.class, restrictToAnnotatedClass = false)
class UpstreamProtocolTest {

    private static final Duration PATIENCE = Duration.ofSeconds(20);

    @BeforeEach
    void upstreamsConnected() {
        Upstreams.awaitConnected();
    }

    @Test
    void aCallTheClientCancelsIsCancelledUpstreamAndItsExchangeEnds() throws Exception {
        String token = TestTokens.admin();
        RawMcp client = RawMcp.initialize(token, "/mcp", "{}");
        String tag = UUID.randomUUID().toString();
        CompletableFuture<HttpResponse<String>> call = HttpClient.newHttpClient().sendAsync(HttpRequest
                .newBuilder(URI.create(TestClients.baseUrl() + "/mcp"))
                .header("Authorization", "Bearer " + token).header("Mcp-Session-Id", client.session())
                .header("Content-Type", "application/json").header("Accept", "application/json, text/event-stream")
                .POST(HttpRequest.BodyPublishers.ofString("{\"jsonrpc\":\"2.0\",\"id\":41,\"method\":\"tools/call\","
                        + "\"params\":{\"name\":\"scripted__wait\",\"arguments\":{\"ms\":60000,\"tag\":\"" + tag + "\"}}}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        Awaitility.await().atMost(PATIENCE).until(() -> TestClients.scriptedLog().getList("started").contains(tag));

        client.send("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/cancelled\",\"params\":{\"requestId\":41,"
                + "\"reason\":\"changed my mind\"}}").then().statusCode(202);

        Awaitility.await().atMost(PATIENCE)
                .until(() -> TestClients.scriptedLog().getList("cancelled.tag").contains(tag));
        HttpResponse<String> answer = call.get(20, TimeUnit.SECONDS);
        assertThat(answer.statusCode(), equalTo(200));
        assertThat(JsonPath.from(answer.body()).getInt("error.code"), equalTo(-32800));
        assertThat(client.text("everything__echo", "{\"message\":\"still here\"}"), containsString("still here"));
    }

    @Test
    void anUpstreamAsksTheCallingClientForItsRoots() {
        try (McpSyncClient client = TestClients.streamable(TestTokens.admin(), "/mcp",
                spec -> spec.capabilities(McpSchema.ClientCapabilities.builder().roots(true).build())
                        .roots(new McpSchema.Root("file:///work/project-" + "alpha", "alpha")))) {
            client.initialize();
            McpSchema.CallToolResult result = client.callTool(new McpSchema.CallToolRequest("scripted__roots",
                    Map.of()));
            assertThat(result.isError(), not(equalTo(true)));
            assertThat(TestClients.text(result), containsString("file:///work/project-alpha"));
        }
    }

    @Test
    void aClientThatDeclaredNoRootsGivesTheUpstreamAnErrorNotAHang() {
        RawMcp client = RawMcp.initialize(TestTokens.admin(), "/mcp", "{}");
        JsonPath answer = client.call(7, "scripted__roots", "{}");
        assertThat(answer.getBoolean("result.isError"), equalTo(true));
        assertThat(answer.getString("result.content[0].text"), containsString("roots"));
    }

    @Test
    void anUpstreamThatForgotTheProxysSessionIsReinitializedWithoutTheClientNoticing() {
        RawMcp client = RawMcp.initialize(TestTokens.admin(), "/mcp", "{}");
        String before = client.text("scripted__whoami", "{}");

        TestClients.scriptedForgetsSessions();

        JsonPath answer = client.call(2, "scripted__whoami", "{}");
        assertThat(answer.get("error"), equalTo(null));
        String after = answer.getString("result.content[0].text");
        assertThat(after, not(equalTo(before)));
        assertThat(TestClients.scriptedLog().getList("initialized"), hasItem(after));
    }

    @Test
    void aPerSessionToolGivesEachClientSessionItsOwnUpstreamSessionEndedWithIt() {
        String token = TestTokens.forUser("iso-" + UUID.randomUUID(), "operator");
        RawMcp first = RawMcp.initialize(token, "/mcp", "{}");
        RawMcp second = RawMcp.initialize(token, "/mcp", "{}");

        String firstUpstream = first.text("isolated__whoami", "{}");
        String secondUpstream = second.text("isolated__whoami", "{}");
        assertThat(firstUpstream, not(equalTo(secondUpstream)));
        assertThat(first.text("isolated__whoami", "{}"), equalTo(firstUpstream));
        assertThat(List.of(firstUpstream, secondUpstream), not(hasItem(first.text("scripted__whoami", "{}"))));

        first.text("isolated__remember", "{\"value\":\"apple\"}");
        assertThat(second.text("isolated__recall", "{}"), equalTo("nothing"));
        assertThat(first.text("isolated__recall", "{}"), equalTo("apple"));

        first.delete();
        Awaitility.await().atMost(PATIENCE)
                .until(() -> TestClients.scriptedLog().getList("deleted").contains(firstUpstream));
        assertThat(TestClients.scriptedLog().getList("deleted"), not(hasItem(secondUpstream)));
        assertThat(second.text("isolated__whoami", "{}"), equalTo(secondUpstream));
    }

    /**
     * The client's own upstream session hears that its roots changed, and the server's question that follows (sent
     * outside any call, on the upstream session's GET stream) reaches this client, whose answer goes back up.
     */
    @Test
    void aClientsNewRootsReachItsOwnUpstreamSessionWhichAsksItForThem() {
        try (McpSyncClient client = TestClients.streamable(TestTokens.admin(), "/mcp",
                spec -> spec.capabilities(McpSchema.ClientCapabilities.builder().roots(true).build())
                        .roots(new McpSchema.Root("file:///work/one", "one")))) {
            client.initialize();
            String upstream = TestClients.text(client.callTool(new McpSchema.CallToolRequest("isolated__whoami",
                    Map.of())));

            client.addRoot(new McpSchema.Root("file:///work/two", "two"));

            Awaitility.await().atMost(PATIENCE).until(() -> TestClients.scriptedLog()
                    .getList("roots_seen.findAll { it.session == '" + upstream + "' }.uris.flatten()")
                    .contains("file:///work/two"));
        }
    }

    @Test
    void aPerSessionToolWithNoRoomForAnotherSessionSaysWhenToRetryAndTheNextCallGetsIn() {
        RawMcp client = RawMcp.initialize(TestTokens.admin(), "/mcp", "{}");
        TestClients.scriptedRefusesNextSession();

        JsonPath refused = client.call(1, "isolated__whoami", "{}");
        assertThat(refused.getString("error.message"), containsString("retry after 5 s"));

        assertThat(client.text("isolated__whoami", "{}"), matchesPattern("[0-9a-f-]{36}"));
    }

    @Test
    void restCallsOfAPerSessionToolEachGetAnUpstreamSessionThatEndsWithTheCall() {
        List<String> upstreamSessions = List.of(restWhoami(), restWhoami());
        assertThat(upstreamSessions.get(0), not(equalTo(upstreamSessions.get(1))));
        Awaitility.await().atMost(PATIENCE)
                .until(() -> TestClients.scriptedLog().getList("deleted").containsAll(upstreamSessions));
    }

    private static String restWhoami() {
        return RestAssured.given().auth().oauth2(TestTokens.admin()).contentType("application/json")
                .body("{\"server\":\"isolated\",\"tool\":\"whoami\",\"arguments\":{}}")
                .post("/api/v1/mcp/unified/call").then().statusCode(200).extract().path("content[0].text");
    }
}
