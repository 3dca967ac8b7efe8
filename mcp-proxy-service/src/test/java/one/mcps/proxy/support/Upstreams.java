package one.mcps.proxy.support;

import java.time.Duration;
import java.util.List;

import org.awaitility.Awaitility;

import io.modelcontextprotocol.client.McpSyncClient;
import one.mcps.testing.TestTokens;

/** Waits until the proxy has connected the test upstreams (it learns of them from the tool-service stand-in). */
public final class Upstreams {

    public static final List<String> ALL = List.of("everything__echo", "restricted__echo", "legacy__echo",
            "scripted__whoami", "isolated__whoami");

    private Upstreams() {
    }

    public static void awaitConnected() {
        awaitConnected(() -> {
        });
    }

    /** Waits as above, doing {@code nudge} (say, re-sending a status event) before each look. */
    public static void awaitConnected(Runnable nudge) {
        try (McpSyncClient client = TestClients.streamable(TestTokens.admin(), "/mcp")) {
            client.initialize();
            Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).until(() -> {
                nudge.run();
                return TestClients.toolNames(client).containsAll(ALL);
            });
        }
    }
}
