package one.mcps.proxy.downstream;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.json.JsonObject;
import one.mcps.proxy.support.McpUpstreams;
import one.mcps.proxy.support.RawMcp;
import one.mcps.proxy.support.RawSse;
import one.mcps.proxy.support.TestClients;
import one.mcps.proxy.support.Upstreams;
import one.mcps.testing.LocalStackResource;
import one.mcps.testing.TestTokens;

/**
 * Issue 15, item 4: an MCP session does not keep the privileges it was opened with. A user demoted from admin to
 * viewer keeps their session (the same credential: their user, no key), but each request is authorized with the
 * token it carries, so the new viewer token neither lists nor calls, reads, gets, completes or subscribes to what
 * only operators may use ({@code restricted}), and the session no longer hears that server's log messages.
 */
@QuarkusTest
@QuarkusTestResource(value = LocalStackResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = McpUpstreams.class, restrictToAnnotatedClass = false)
class PerRequestAuthorizationTest {

    private static final String RESTRICTED_DOCUMENT = "restricted+demo://resource/static/document/architecture.md";

    private String admin;
    private String viewer;

    @BeforeEach
    void aUserWithAnAdminTokenAndANewerViewerToken() {
        Upstreams.awaitConnected();
        String username = "demoted-" + UUID.randomUUID();
        admin = TestTokens.forUser(username, "admin");
        viewer = TestTokens.forUser(username, "viewer");
    }

    @Test
    void aDemotedUsersNewTokenGetsViewerRightsInTheSessionOpenedAsAdmin() {
        RawMcp asAdmin = RawMcp.initialize(admin, "/mcp", "{}");
        assertThat(asAdmin.text("restricted__echo", "{\"message\":\"as admin\"}"), containsString("as admin"));

        RawMcp asViewer = asAdmin.as(viewer);
        asViewer.send(request(2, "tools/list", "{}")).then().statusCode(200)
                .body("result.tools.name", hasItem("everything__echo"))
                .body("result.tools.name", not(hasItem("restricted__echo")));
        asViewer.send(request(3, "tools/call", "{\"name\":\"restricted__echo\",\"arguments\":{\"message\":\"x\"}}"))
                .then().statusCode(200).body("error.message", containsString("Unknown tool"));
        asViewer.send(request(4, "resources/read", "{\"uri\":\"" + RESTRICTED_DOCUMENT + "\"}")).then()
                .statusCode(200).body("error.code", equalTo(-32002));
        asViewer.send(request(5, "resources/list", "{}")).then().statusCode(200)
                .body("result.resources.uri", not(hasItem(RESTRICTED_DOCUMENT)));
        asViewer.send(request(6, "prompts/get", "{\"name\":\"restricted__simple-prompt\"}")).then()
                .statusCode(200).body("error.message", containsString("Unknown prompt"));
        asViewer.send(request(7, "prompts/list", "{}")).then().statusCode(200)
                .body("result.prompts.name", not(hasItem("restricted__simple-prompt")));
        asViewer.send(request(8, "completion/complete", "{\"ref\":{\"type\":\"ref/prompt\",\"name\":"
                + "\"restricted__completable-prompt\"},\"argument\":{\"name\":\"department\",\"value\":\"Eng\"}}"))
                .then().statusCode(200).body("error.message", containsString("Unknown prompt"));
        asViewer.send(request(9, "resources/subscribe", "{\"uri\":\"" + RESTRICTED_DOCUMENT + "\"}")).then()
                .statusCode(200).body("error.code", equalTo(-32002));
        assertThat(asViewer.text("everything__echo", "{\"message\":\"still a viewer\"}"),
                containsString("still a viewer"));

        // Promoted again: the next request has the rights of its own token, in the same session.
        assertThat(asAdmin.text("restricted__echo", "{\"message\":\"admin again\"}"), containsString("admin again"));
    }

    @Test
    void aBatchIsAuthorizedAsItsOwnRequest() {
        RawMcp asAdmin = RawMcp.initialize(admin, "/mcp", "{}");
        asAdmin.as(viewer).send("[" + request(1, "tools/call",
                "{\"name\":\"restricted__echo\",\"arguments\":{\"message\":\"x\"}}") + ","
                + request(2, "tools/call", "{\"name\":\"everything__echo\",\"arguments\":{\"message\":\"y\"}}") + "]")
                .then().statusCode(200)
                .body("find { it.id == 1 }.error.message", containsString("Unknown tool"))
                .body("find { it.id == 2 }.result.content[0].text", containsString("y"));
    }

    @Test
    void eachLegacyMessagePostIsAuthorizedAsItsOwnCaller() {
        try (RawSse stream = RawSse.open(admin, "/sse")) {
            stream.post(admin, request(1, "initialize", "{\"protocolVersion\":\"2024-11-05\",\"capabilities\":{},"
                    + "\"clientInfo\":{\"name\":\"raw\",\"version\":\"1\"}}")).then().statusCode(202);
            stream.response(1);
            stream.post(admin, "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}").then()
                    .statusCode(202);

            stream.post(viewer, request(2, "tools/list", "{}")).then().statusCode(202);
            JsonObject list = stream.response(2);
            List<Object> names = list.getJsonObject("result").getJsonArray("tools").stream()
                    .map(t -> ((JsonObject) t).getString("name")).map(Object.class::cast).toList();
            assertThat(names, hasItem("everything__echo"));
            assertThat(names, not(hasItem("restricted__echo")));

            stream.post(viewer, request(3, "tools/call", "{\"name\":\"restricted__echo\",\"arguments\":{}}"))
                    .then().statusCode(202);
            assertThat(stream.response(3).getJsonObject("error").getString("message"),
                    containsString("Unknown tool"));

            stream.post(admin, request(4, "tools/call",
                    "{\"name\":\"restricted__echo\",\"arguments\":{\"message\":\"admin\"}}")).then().statusCode(202);
            assertThat(stream.response(4).encode(), containsString("admin"));
        }
    }

    /**
     * Notifications are filtered by the caller of the session's latest request: once the viewer token spoke, the
     * operators-only server's log messages stop reaching the session.
     */
    @Test
    void logMessagesOfAServerTheNewTokenMayNotUseStop() {
        AtomicReference<String> token = new AtomicReference<>(admin);
        List<String> loggers = new CopyOnWriteArrayList<>();
        McpSchema.CallToolRequest toggle = new McpSchema.CallToolRequest("restricted__toggle-simulated-logging",
                Map.of());
        try (McpSyncClient client = TestClients.streamable(token::get, "/mcp",
                spec -> spec.loggingConsumer(log -> loggers.add(String.valueOf(log.logger()))))) {
            client.initialize();
            client.setLoggingLevel(McpSchema.LoggingLevel.DEBUG);
            assertThat(TestClients.text(client.callTool(toggle)), containsString("Started"));
            try {
                Awaitility.await().atMost(Duration.ofSeconds(20))
                        .until(() -> loggers.stream().anyMatch(l -> l.startsWith("restricted")));

                token.set(viewer);
                client.ping();
                assertThrows(McpError.class, () -> client.callTool(toggle));
                loggers.clear();
                // The server logs every 5 s: two rounds would have arrived.
                Awaitility.await().pollDelay(Duration.ofSeconds(11)).atMost(Duration.ofSeconds(12))
                        .until(() -> true);
                assertThat(loggers.stream().filter(l -> l.startsWith("restricted")).toList(), equalTo(List.of()));
            } finally {
                token.set(admin);
                client.callTool(toggle);
            }
        }
    }

    private static String request(int id, String method, String params) {
        return "{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"" + method + "\",\"params\":" + params + "}";
    }
}
