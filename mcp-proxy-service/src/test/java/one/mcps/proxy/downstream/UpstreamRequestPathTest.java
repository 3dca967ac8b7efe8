package one.mcps.proxy.downstream;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.startsWith;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.awaitility.Awaitility;
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

/** The routed requests that go to a Streamable HTTP upstream over the proxy's own JSON-RPC path. */
@QuarkusTest
@QuarkusTestResource(value = LocalStackResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = McpUpstreams.class, restrictToAnnotatedClass = false)
class UpstreamRequestPathTest {

    private static final String DOCUMENTS = "everything+demo://resource/static/document/";

    @BeforeEach
    void upstreamsConnected() {
        Upstreams.awaitConnected();
    }

    /**
     * Read off the wire: the SDK client hands progress to its consumer on another thread, so what it collected
     * when the call returned says nothing about the order the proxy sent them in.
     */
    @Test
    void progressOfALongCallReachesTheCallingClientBeforeItsResult() {
        RawMcp client = RawMcp.initialize(TestTokens.admin(), "/mcp", "{}");
        String body = client.send("{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"tools/call\",\"params\":{"
                + "\"name\":\"everything__trigger-long-running-operation\",\"arguments\":{\"duration\":1,"
                + "\"steps\":2},\"_meta\":{\"progressToken\":\"long-op\"}}}").then().statusCode(200)
                .extract().asString();

        List<String> events = body.lines().filter(line -> line.startsWith("data:"))
                .map(line -> JsonPath.from(line.substring(5).trim()))
                .map(event -> event.getString("method") != null
                        ? event.getString("params.progressToken") + ":" + (int) event.getDouble("params.progress")
                        : "result " + event.getString("result.content[0].text"))
                .toList();
        assertThat(events, contains(equalTo("long-op:1"), equalTo("long-op:2"),
                startsWith("result Long running operation completed")));
        client.delete();
    }

    /** The server logs outside any call (on its GET stream); a session that set a level receives it. */
    @Test
    void logMessagesOfTheUpstreamReachASessionThatAskedForThem() {
        List<McpSchema.LoggingMessageNotification> logs = new CopyOnWriteArrayList<>();
        try (McpSyncClient client = TestClients.streamable(TestTokens.admin(), "/servers/everything/mcp",
                spec -> spec.loggingConsumer(logs::add))) {
            client.initialize();
            client.setLoggingLevel(McpSchema.LoggingLevel.DEBUG);
            McpSchema.CallToolRequest toggle = new McpSchema.CallToolRequest("toggle-simulated-logging", Map.of());
            assertThat(TestClients.text(client.callTool(toggle)), containsString("Started"));
            try {
                Awaitility.await().atMost(Duration.ofSeconds(20))
                        .until(() -> logs.stream().anyMatch(log -> String.valueOf(log.data()).contains("message")));
            } finally {
                client.callTool(toggle);
            }
        }
    }

    @Test
    void aSubscribedResourcesUpdateReachesTheSubscriber() {
        List<String> updated = new CopyOnWriteArrayList<>();
        try (McpSyncClient client = TestClients.streamable(TestTokens.admin(), "/mcp",
                spec -> spec.resourcesUpdateConsumer(contents -> contents.forEach(c -> updated.add(c.uri()))))) {
            client.initialize();
            client.subscribeResource(new McpSchema.SubscribeRequest("scripted+scripted://note"));
            Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> updated.contains("scripted+scripted://note"));
        }
    }

    @Test
    void completionOfAPromptArgumentComesFromItsServer() {
        try (McpSyncClient client = TestClients.streamable(TestTokens.admin(), "/mcp")) {
            client.initialize();
            McpSchema.CompleteResult result = client.completeCompletion(new McpSchema.CompleteRequest(
                    new McpSchema.PromptReference("everything__completable-prompt"),
                    new McpSchema.CompleteRequest.CompleteArgument("department", "Eng")));
            assertThat(result.completion().values(), hasItems("Engineering"));
        }
    }

    @Test
    void resourceReadAndPromptGetAnswerWithTheUpstreamsContent() {
        try (McpSyncClient client = TestClients.streamable(TestTokens.admin(), "/mcp")) {
            client.initialize();
            String uri = client.listResources().resources().stream().map(McpSchema.Resource::uri)
                    .filter(u -> u.startsWith(DOCUMENTS)).findFirst().orElseThrow();

            McpSchema.ReadResourceResult read = client.readResource(new McpSchema.ReadResourceRequest(uri));
            assertThat(read.contents().get(0).uri(), equalTo(uri));

            McpSchema.GetPromptResult prompt = client.getPrompt(
                    new McpSchema.GetPromptRequest("everything__simple-prompt", Map.of()));
            assertThat(((McpSchema.TextContent) prompt.messages().get(0).content()).text(),
                    containsString("simple prompt without arguments"));
        }
    }
}
