package one.mcps.proxy.downstream;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Iterator;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import one.mcps.proxy.support.McpUpstreams;
import one.mcps.proxy.support.RawMcp;
import one.mcps.proxy.support.TestClients;
import one.mcps.proxy.support.Upstreams;
import one.mcps.testing.LocalStackResource;
import one.mcps.testing.TestTokens;

/** Requests an upstream sends back during a call (sampling) reach the calling client, or fail cleanly. */
@QuarkusTest
@QuarkusTestResource(value = LocalStackResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = McpUpstreams.class, restrictToAnnotatedClass = false)
class ClientRequestsTest {

    private static final McpSchema.CallToolRequest SAMPLE = new McpSchema.CallToolRequest("trigger-sampling-request",
            Map.of("prompt", "say hi", "maxTokens", 10));

    @BeforeEach
    void upstreamsConnected() {
        Upstreams.awaitConnected();
    }

    @Test
    void aSamplingRequestOfTheUpstreamIsAnsweredByTheClientThatMadeTheCall() {
        try (McpSyncClient client = TestClients.streamable(TestTokens.admin(), "/servers/everything/mcp",
                spec -> spec.capabilities(McpSchema.ClientCapabilities.builder().sampling().build())
                        .sampling(request -> new McpSchema.CreateMessageResult(McpSchema.Role.ASSISTANT,
                                new McpSchema.TextContent("sampled by the test client"), "test-model",
                                McpSchema.CreateMessageResult.StopReason.END_TURN)))) {
            client.initialize();
            McpSchema.CallToolResult result = client.callTool(SAMPLE);
            assertThat(TestClients.text(result), containsString("sampled by the test client"));
        }
    }

    @Test
    void anElicitationOfTheUpstreamIsAnsweredByTheClientThatMadeTheCall() {
        try (McpSyncClient client = TestClients.streamable(TestTokens.admin(), "/mcp",
                spec -> spec.capabilities(McpSchema.ClientCapabilities.builder().elicitation().build())
                        .elicitation(request -> new McpSchema.ElicitResult(McpSchema.ElicitResult.Action.DECLINE,
                                null)))) {
            client.initialize();
            McpSchema.CallToolResult result = client.callTool(new McpSchema.CallToolRequest(
                    "everything__trigger-elicitation-request", Map.of()));
            assertThat(TestClients.text(result), containsString("declined"));
        }
    }

    /** Our request ids are a counter: another session answering one must not reach the upstream. */
    @Test
    void onlyTheSessionAskedMayAnswerARequestOfTheUpstream() throws Exception {
        String token = TestTokens.forUser("sam-" + UUID.randomUUID(), "operator");
        RawMcp asked = RawMcp.initialize(token, "/mcp", "{\"sampling\":{}}");
        RawMcp other = RawMcp.initialize(token, "/mcp", "{\"sampling\":{}}");
        HttpResponse<Stream<String>> call = HttpClient.newHttpClient().send(HttpRequest
                .newBuilder(URI.create(TestClients.baseUrl() + "/mcp"))
                .header("Authorization", "Bearer " + token).header("Mcp-Session-Id", asked.session())
                .header("Content-Type", "application/json").header("Accept", "application/json, text/event-stream")
                .POST(HttpRequest.BodyPublishers.ofString("{\"jsonrpc\":\"2.0\",\"id\":9,\"method\":\"tools/call\","
                        + "\"params\":{\"name\":\"everything__trigger-sampling-request\",\"arguments\":{\"prompt\":"
                        + "\"hi\",\"maxTokens\":5},\"_meta\":{\"progressToken\":\"p\"}}}"))
                .build(), HttpResponse.BodyHandlers.ofLines());
        Iterator<String> events = call.body().filter(line -> line.startsWith("data:"))
                .map(line -> line.substring(5).trim()).iterator();
        JsonPath request = JsonPath.from(events.next());
        assertThat(request.getString("method"), equalTo("sampling/createMessage"));
        String id = request.getString("id");

        other.send(answer(id, "answered by the other session")).then().statusCode(202);
        asked.send(answer(id, "answered by the session asked")).then().statusCode(202);

        String result = events.next();
        assertThat(result, containsString("answered by the session asked"));
        assertThat(result, not(containsString("answered by the other session")));
    }

    private static String answer(String id, String text) {
        return "{\"jsonrpc\":\"2.0\",\"id\":\"" + id + "\",\"result\":{\"role\":\"assistant\",\"content\":"
                + "{\"type\":\"text\",\"text\":\"" + text + "\"},\"model\":\"test\",\"stopReason\":\"endTurn\"}}";
    }

    @Test
    void aClientThatCannotSampleMakesTheUpstreamGetAnErrorNotAHang() {
        try (McpSyncClient client = TestClients.streamable(TestTokens.admin(), "/servers/everything/mcp")) {
            client.initialize();
            McpSchema.CallToolResult result = client.callTool(SAMPLE);
            assertThat(result.isError(), equalTo(true));
            assertThat(TestClients.text(result), containsString("sampling"));
        }
    }
}
