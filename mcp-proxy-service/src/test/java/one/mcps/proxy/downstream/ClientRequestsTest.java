package one.mcps.proxy.downstream;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import one.mcps.proxy.support.McpUpstreams;
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
