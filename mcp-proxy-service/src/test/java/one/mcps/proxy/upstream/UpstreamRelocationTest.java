package one.mcps.proxy.upstream;

import static io.restassured.RestAssured.given;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThan;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import one.mcps.proxy.support.McpUpstreams;
import one.mcps.proxy.support.RawMcp;
import one.mcps.proxy.support.TestClients;
import one.mcps.proxy.support.Upstreams;
import one.mcps.testing.LocalStackResource;
import one.mcps.testing.TestTokens;

/**
 * (issue 17) Where a tool is served moves between tool-service instances: new upstream sessions go to the tool's
 * current address, a request the old address refuses is sent again at the new one without the client noticing, and
 * a call in flight when its upstream dies gets a JSON-RPC error, not a hang.
 */
@QuarkusTest
@QuarkusTestResource(value = LocalStackResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = McpUpstreams.class, restrictToAnnotatedClass = false)
class UpstreamRelocationTest {

    private String token;

    @BeforeEach
    void upstreamsConnected() {
        Upstreams.awaitConnected();
        token = TestTokens.forUser("mover-" + UUID.randomUUID(), "operator");
    }

    @AfterEach
    void scriptedBackWhereItWas() {
        TestClients.setRunning(TestClients.standardRunning(true));
        Upstreams.awaitConnected(() -> TestClients.toolStatus("scripted", "streamable_http", "running"));
    }

    @Test
    void afterTheToolMovesTheNextCallGoesToItsNewAddress() {
        String moved = base() + "/moved-" + UUID.randomUUID().toString().substring(0, 8) + "/mcp";
        RawMcp client = RawMcp.initialize(token, "/mcp", "{}");
        client.text("scripted__whoami", "{}");

        TestClients.setRunning(runningWithScriptedAt(moved));
        TestClients.toolStatus("scripted", "streamable_http", "running");

        Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).until(() -> {
            client.text("scripted__whoami", "{}");
            return lastCallPath("whoami").startsWith(path(moved));
        });
    }

    @Test
    void whileAToolMovesItsOldAddressServesEveryCallUntilTheNewOneAnswers() {
        String moved = base() + "/handover-" + UUID.randomUUID().toString().substring(0, 8) + "/mcp";
        RawMcp client = RawMcp.initialize(token, "/mcp", "{}");
        client.text("scripted__whoami", "{}");

        // a rolling update: the tool runs at its new address too, whose first initialize is refused (not ready yet)
        given().baseUri(base()).post("/stub/refuse").then().statusCode(200);
        TestClients.setRunning(runningWithScriptedAt(moved));
        TestClients.toolStatus("scripted", "streamable_http", "running");

        AtomicInteger id = new AtomicInteger(100);
        Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).until(() -> {
            JsonPath answer = client.call(id.incrementAndGet(), "scripted__whoami", "{}");
            assertThat("call " + id + " during the move: " + answer.prettify(), answer.getString("error.message"),
                    nullValue());
            return lastCallPath("whoami").startsWith(path(moved));
        });
    }

    @Test
    void anUpstreamWhoseFirstInitializeIsRefusedConnectsAtTheNextAttempt() {
        String restarted = base() + "/restarted-" + UUID.randomUUID().toString().substring(0, 8) + "/mcp";
        RawMcp client = RawMcp.initialize(token, "/mcp", "{}");
        TestClients.toolStatus("scripted", "streamable_http", "stopped");
        Awaitility.await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200))
                .until(() -> client.call(50, "scripted__whoami", "{}").getString("error.message") != null);

        // it runs again, and its bridge refuses the first initialize (at max_instances, or not ready yet)
        given().baseUri(base()).post("/stub/refuse").then().statusCode(200);
        TestClients.setRunning(runningWithScriptedAt(restarted));
        TestClients.toolStatus("scripted", "streamable_http", "running");

        Awaitility.await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(500)).until(() -> {
            client.call(51, "scripted__whoami", "{}");
            return lastCallPath("whoami").startsWith(path(restarted));
        });
    }

    @Test
    void aCallTheOldAddressRefusesIsSentAgainWhereTheToolIsNow() {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        String old = base() + "/old-" + suffix + "/mcp";
        String current = base() + "/new-" + suffix + "/mcp";
        TestClients.setRunning(runningWithScriptedAt(old));
        RawMcp client = RawMcp.initialize(token, "/mcp", "{}");
        Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).until(() -> {
            TestClients.toolStatus("scripted", "streamable_http", "running");
            client.text("scripted__whoami", "{}");
            return lastCallPath("whoami").startsWith(path(old));
        });

        // tool-service moved it, and the event saying so has not arrived: the old instance says it is not the owner.
        TestClients.setRunning(runningWithScriptedAt(current));
        given().baseUri(base()).post("/stub/disown?prefix=" + path(old).replace("/mcp", "")).then().statusCode(200);

        JsonPath answer = client.call(7, "scripted__arguments", "{\"x\":1}");
        assertThat(answer.getString("result.content[0].text"), is("{\"x\":1}"));
        assertThat(lastCallPath("arguments"), containsString(path(current)));
    }

    @Test
    void aCallInFlightWhenItsUpstreamDiesGetsAJsonRpcErrorNotAHang() throws Exception {
        RawMcp client = RawMcp.initialize(token, "/mcp", "{}");
        String tag = "dies-" + UUID.randomUUID();
        CompletableFuture<JsonPath> call = CompletableFuture.supplyAsync(() -> client.call(9, "scripted__wait",
                "{\"ms\":60000,\"tag\":\"" + tag + "\"}"));
        Awaitility.await().atMost(Duration.ofSeconds(30))
                .until(() -> TestClients.scriptedLog().getList("started").contains(tag));

        long dropped = System.nanoTime();
        given().baseUri(base()).post("/stub/drop").then().statusCode(200);

        // Well before the tool's call timeout (10 s): the broken link is the answer, not the wait.
        JsonPath answer = call.get(15, TimeUnit.SECONDS);
        assertThat(Duration.ofNanos(System.nanoTime() - dropped).toMillis(), lessThan(5000L));
        assertThat(answer.getString("error.message"), notNullValue());
        assertThat(answer.getString("error.message"), is("Server scripted could not be reached."));
    }

    private static String runningWithScriptedAt(String url) {
        return McpUpstreams.running(TestClients.everythingUrl(), TestClients.legacyUrl(), TestClients.scriptedUrl(),
                true).replace("\"name\":\"scripted\",\"display_name\":\"scripted\",\"transport\":\"streamable_http\","
                        + "\"url\":\"" + TestClients.scriptedUrl() + "\"",
                        "\"name\":\"scripted\",\"display_name\":\"scripted\",\"transport\":\"streamable_http\","
                                + "\"url\":\"" + url + "\"");
    }

    private static String lastCallPath(String tool) {
        List<Map<String, Object>> calls = TestClients.scriptedLog().getList("calls");
        return calls.stream().filter(c -> tool.equals(c.get("tool"))).reduce((a, b) -> b)
                .map(c -> (String) c.get("path")).orElse("");
    }

    private static String base() {
        return TestClients.scriptedUrl().replace("/mcp", "");
    }

    private static String path(String url) {
        return url.substring(base().length());
    }
}
