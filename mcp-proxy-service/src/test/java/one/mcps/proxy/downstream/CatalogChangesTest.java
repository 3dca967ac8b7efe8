package one.mcps.proxy.downstream;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import one.mcps.proxy.support.McpUpstreams;
import one.mcps.proxy.support.RawMcp;
import one.mcps.proxy.support.TestClients;
import one.mcps.proxy.support.Upstreams;
import one.mcps.testing.LocalStackResource;
import one.mcps.testing.TestTokens;

@QuarkusTest
@QuarkusTestResource(value = LocalStackResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = McpUpstreams.class, restrictToAnnotatedClass = false)
class CatalogChangesTest {

    @BeforeEach
    void upstreamsConnected() {
        Upstreams.awaitConnected();
    }

    @AfterEach
    void restoreEverythingRunning() {
        TestClients.setRunning(TestClients.standardRunning(true));
        Upstreams.awaitConnected(() -> TestClients.toolStatus("restricted", "streamable_http", "running"));
    }

    /** A single-server session whose server stops stays open, with an empty catalog, until the server is back. */
    @Test
    void aStoppedToolLeavesTheCatalogAndClientsAreToldListChanged() {
        List<List<String>> announced = new CopyOnWriteArrayList<>();
        RawMcp single = RawMcp.initialize(TestTokens.admin(), "/servers/restricted/mcp", "{}");
        try (McpSyncClient client = TestClients.streamable(TestTokens.admin(), "/mcp",
                spec -> spec.toolsChangeConsumer(tools -> announced.add(tools.stream().map(McpSchema.Tool::name).toList())))) {
            client.initialize();
            assertThat(TestClients.toolNames(client), hasItem("restricted__echo"));
            assertThat(single.text("echo", "{\"message\":\"before\"}"), containsString("before"));

            // The proxy's consumer may join the topic a moment after start: repeat the event until it acts on it.
            TestClients.setRunning(TestClients.standardRunning(false));
            Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).until(() -> {
                TestClients.toolStatus("restricted", "streamable_http", "stopped");
                return !announced.isEmpty();
            });
            assertThat(announced.get(announced.size() - 1), everyItem(not(startsWith("restricted__"))));
            assertThat(announced.get(announced.size() - 1), hasItem("everything__echo"));
            assertThat(TestClients.toolNames(client), everyItem(not(startsWith("restricted__"))));

            single.send("{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"tools/list\"}").then().statusCode(200)
                    .body("result.tools", empty());
            single.send("{\"jsonrpc\":\"2.0\",\"id\":4,\"method\":\"tools/call\",\"params\":{\"name\":\"echo\","
                    + "\"arguments\":{\"message\":\"after\"}}}").then().statusCode(200)
                    .body("error.message", containsString("Unknown tool"));
        }
    }
}
