package one.mcps.proxy.upstream;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.sun.net.httpserver.HttpServer;

import io.modelcontextprotocol.client.McpSyncClient;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import one.mcps.proxy.support.McpUpstreams;
import one.mcps.proxy.support.TestClients;
import one.mcps.proxy.support.Upstreams;
import one.mcps.testing.LocalStackResource;
import one.mcps.testing.TestTokens;

/**
 * Issue 15 item 11: a remote tool's requests carry its secret headers, so the proxy sends none to an address the
 * platform may not call (here 127.0.0.2, loopback but not in the test's allow-list), whatever tool-service reports.
 */
@QuarkusTest
@QuarkusTestResource(value = LocalStackResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = McpUpstreams.class, restrictToAnnotatedClass = false)
class OutboundTargetTest {

    @AfterEach
    void restoreRunning() {
        TestClients.setRunning(TestClients.standardRunning(true));
        Upstreams.awaitConnected(() -> TestClients.toolStatus("restricted", "streamable_http", "running"));
    }

    @Test
    void aRemoteToolAtARefusedAddressIsNeverContacted() throws IOException {
        AtomicInteger requests = new AtomicInteger();
        HttpServer trap = HttpServer.create(new InetSocketAddress("127.0.0.2", 0), 0);
        trap.createContext("/", exchange -> {
            requests.incrementAndGet();
            exchange.sendResponseHeaders(500, -1);
            exchange.close();
        });
        trap.start();
        try {
            String url = "http://127.0.0.2:" + trap.getAddress().getPort() + "/mcp";
            String running = TestClients.standardRunning(true);
            TestClients.setRunning(running.substring(0, running.length() - 1) + ","
                    + McpUpstreams.tool("internal", "streamable_http", url, "[]") + "]");
            // The refusal is quiet by design, so wait for what proves the proxy acted on the event: a tool of the same
            // running list that it does connect (restricted, taken out and put back).
            TestClients.toolStatus("internal", "streamable_http", "running");
            Upstreams.awaitConnected(() -> TestClients.toolStatus("restricted", "streamable_http", "running"));
            Awaitility.await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10))
                    .until(() -> requests.get() == 0);
            try (McpSyncClient client = TestClients.streamable(TestTokens.admin(), "/mcp")) {
                client.initialize();
                List<String> tools = TestClients.toolNames(client);
                assertThat(tools, hasItem("everything__echo"));
                assertThat(tools, not(hasItem("internal__echo")));
            }
            assertThat("requests that reached the refused address", requests.get(), equalTo(0));
        } finally {
            trap.stop(0);
        }
    }
}
