package one.mcps.proxy.downstream.streamable;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.json.JsonObject;
import one.mcps.proxy.support.McpUpstreams;
import one.mcps.proxy.support.TestClients;
import one.mcps.proxy.support.Upstreams;
import one.mcps.testing.LocalStackResource;
import one.mcps.testing.TestTokens;

/**
 * The official v2 TypeScript client, pinned to 2026-07-28, lists and calls through the proxy with no session. The
 * client comes from the project's npm packages ({@code deploy/npm}, where it is the inspector's dependency);
 * {@code -Dmcps.test.v2-client-root=DIR} names another folder holding it in {@code node_modules}. Without it the test
 * is skipped, saying so.
 */
@QuarkusTest
@QuarkusTestResource(value = LocalStackResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = McpUpstreams.class, restrictToAnnotatedClass = false)
class V2ClientTest {

    @BeforeEach
    void upstreamsConnected() {
        Upstreams.awaitConnected();
    }

    @Test
    void theV2ClientPinnedTo20260728ListsAndCallsWithoutASession() throws Exception {
        Path root = Path.of(System.getProperty("mcps.test.v2-client-root",
                Path.of(System.getProperty("mcps.home", "../"), "deploy/npm").toString())).toAbsolutePath();
        assumeTrue(Files.isDirectory(root.resolve("node_modules/@modelcontextprotocol/client")),
                "@modelcontextprotocol/client is not installed under " + root);
        Process node = new ProcessBuilder("node", script().toString(), root.toString(), TestClients.baseUrl() + "/mcp",
                TestTokens.admin(), "everything__echo", "{\"message\":\"from v2\"}").redirectErrorStream(true)
                .start();
        assertEquals(true, node.waitFor(60, TimeUnit.SECONDS), "the v2 client did not finish");
        String output = new String(node.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertEquals(0, node.exitValue(), output);
        JsonObject seen = new JsonObject(output.substring(output.lastIndexOf('\n') + 1));
        assertThat(seen.getString("version"), equalTo("2026-07-28"));
        assertThat(seen.getValue("session"), nullValue());
        assertThat(seen.getJsonArray("tools").stream().map(String::valueOf).toList(), hasItems("everything__echo", "restricted__echo"));
        assertThat(seen.getString("text"), containsString("from v2"));
    }

    private static Path script() throws URISyntaxException {
        return Path.of(V2ClientTest.class.getResource("/v2-client.cjs").toURI());
    }
}
