package one.mcps.proxy.downstream;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItems;

import java.util.Map;
import java.util.UUID;

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

@QuarkusTest
@QuarkusTestResource(value = LocalStackResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = McpUpstreams.class, restrictToAnnotatedClass = false)
class LegacySseTest {

    @BeforeEach
    void upstreamsConnected() {
        Upstreams.awaitConnected();
    }

    @Test
    void aClientOfTheHttpSseTransportListsAndCallsTools() {
        try (McpSyncClient client = TestClients.sse(TestTokens.forUser("sse-" + UUID.randomUUID(), "operator"))) {
            client.initialize();
            assertThat(TestClients.toolNames(client), hasItems("everything__echo", "legacy__echo"));
            McpSchema.CallToolResult result = client.callTool(new McpSchema.CallToolRequest("legacy__echo",
                    Map.of("message", "over sse twice")));
            assertThat(TestClients.text(result), containsString("over sse twice"));
        }
    }
}
