package one.mcps.observability.ingest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import one.mcps.observability.IngestFromNow;
import one.mcps.observability.TestEvents;
import one.mcps.platform.events.EventTypes;
import one.mcps.platform.events.Topics;
import one.mcps.testing.KafkaProbe;
import one.mcps.testing.LocalStackResource;
import one.mcps.testing.TestTokens;

@QuarkusTest
@QuarkusTestResource(value = LocalStackResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = IngestFromNow.class, restrictToAnnotatedClass = false)
class IngestTest {

    private static final Duration WAIT = Duration.ofSeconds(60);

    private static ValidatableResponse logs(String param, String value) {
        return given().auth().oauth2(TestTokens.forUser("vera", "viewer")).queryParam(param, value)
                .get("/api/v1/logs").then().statusCode(200);
    }

    private static void awaitEntries(String param, String value, int count) {
        Awaitility.await().atMost(WAIT).pollInterval(Duration.ofMillis(200))
                .untilAsserted(() -> logs(param, value).body("total", equalTo(count)));
    }

    @Test
    void toolStatusAndStderrBecomeToolEntriesOnceEvenWhenRedelivered() {
        String tool = TestEvents.unique("fs");
        String statusId = TestEvents.toolStatus(tool, "running", "starting");
        String line = "EACCES permission denied opening zanzibarite.txt";
        String logId = TestEvents.toolLog(tool, line);
        // The broker delivers both again (a producer retry, a consumer that crashed before committing).
        String status = "{\"tool\":\"" + tool + "\",\"state\":\"running\",\"previous_state\":\"starting\"}";
        KafkaProbe.send(Topics.TOOL_STATUS, tool, EventTypes.TOOL_STATUS_CHANGED, status, statusId);
        String log = "{\"tool\":\"" + tool + "\",\"stream\":\"stderr\",\"line\":\"" + line + "\"}";
        KafkaProbe.send(Topics.TOOL_LOGS, tool, EventTypes.TOOL_LOG_LINE, log, logId);
        String marker = TestEvents.toolLog(tool, "marker after the redelivery");

        awaitEntries("tool", tool, 3);
        logs("tool", tool)
                .body("items.category", hasItem("tool"))
                .body("items.message", hasItem("Tool " + tool + " is running (was starting): test"))
                .body("items.message", hasItem(line))
                .body("items.event_id", hasItem(marker))
                .body("items.level", hasItem("WARN"));
    }

    @Test
    void everyTopicLandsInTheLogWithItsCategory() {
        String session = TestEvents.unique("session");
        String server = TestEvents.unique("srv");
        TestEvents.mcpCall(server, session, "error", 42);
        String actor = TestEvents.unique("auditor");
        KafkaProbe.send(Topics.AUDIT, actor, EventTypes.AUDIT, "{\"actor_id\":\"" + actor + "\",\"actor\":\""
                + actor + "\",\"action\":\"tool.create\",\"target_type\":\"tool\",\"target_id\":\"" + server
                + "\",\"outcome\":\"success\",\"at\":\"" + Instant.now() + "\"}");
        String task = UUID.randomUUID().toString();
        String word = "zq" + task.replace("-", "").substring(0, 12);
        KafkaProbe.send(Topics.TASKS, task, EventTypes.TASK_CHANGED, "{\"task_id\":\"" + task
                + "\",\"name\":\"nightly-" + task + "\",\"task_type\":\"tool.call\",\"state\":\"failed\","
                + "\"error\":\"boom " + word + "\",\"at\":\"" + Instant.now() + "\"}");
        String taskType = "zt" + task.replace("-", "").substring(12, 24);
        KafkaProbe.send(Topics.TASK_COMMANDS, task, EventTypes.TASK_COMMAND, "{\"task_id\":\"" + task
                + "\",\"task_type\":\"" + taskType + "\",\"action\":\"run\",\"attempt\":1}");
        String jti = UUID.randomUUID().toString();
        KafkaProbe.send(Topics.REVOCATIONS, jti, EventTypes.REVOCATION, "{\"kind\":\"token\",\"jti\":\"" + jti
                + "\",\"at\":\"" + Instant.now() + "\"}");
        String key = TestEvents.unique("probe_setting");
        KafkaProbe.send(Topics.SYSTEM_CONFIG, key, EventTypes.CONFIG_CHANGED, "{\"setting_key\":\"" + key
                + "\",\"value\":true,\"changed_by\":\"" + actor + "\"}");

        awaitEntries("session", session, 1);
        logs("session", session).body("items[0].category", equalTo("mcp"))
                .body("items[0].level", equalTo("ERROR"))
                .body("items[0].user", equalTo("alice"))
                .body("items[0].tool", equalTo(server))
                .body("items[0].request_id", equalTo("r-" + session))
                .body("items[0].attributes.duration_ms", equalTo(42));
        awaitEntries("user", actor, 2);
        logs("user", actor).body("items.category", hasItem("operation")).body("items.category", hasItem("system"));
        Awaitility.await().atMost(WAIT).untilAsserted(() -> given().auth().oauth2(TestTokens.admin())
                .queryParam("q", word).get("/api/v1/logs/search").then().statusCode(200)
                .body("items.entry.message", hasItem("Task nightly-" + task + " is failed: boom " + word))
                .body("items.entry.category", hasItem("operation")));
        Awaitility.await().atMost(WAIT).untilAsserted(() -> given().auth().oauth2(TestTokens.admin())
                .queryParam("q", taskType).queryParam("category", "system").get("/api/v1/logs/search").then()
                .statusCode(200).body("items.entry.message", hasItem("Task " + task + ": run (" + taskType + ")")));
        Awaitility.await().atMost(WAIT).untilAsserted(() -> given().auth().oauth2(TestTokens.admin())
                .queryParam("q", jti).get("/api/v1/logs/search").then().statusCode(200)
                .body("items.entry.message", hasItem("Revoked token " + jti)));
    }

    @Test
    void searchFindsAWordFromAToolsStderrWithAHighlightedSnippet() {
        String tool = TestEvents.unique("search");
        TestEvents.toolLog(tool, "npm WARN deprecated quuxification of the widget cache");
        TestEvents.toolLog(tool, "listening on stdio");
        Awaitility.await().atMost(WAIT).untilAsserted(() -> given().auth().oauth2(TestTokens.admin())
                .queryParam("q", "quuxification").queryParam("tool", tool).get("/api/v1/logs/search").then()
                .statusCode(200)
                .body("total", equalTo(1))
                .body("items[0].entry.tool", equalTo(tool))
                .body("items[0].snippet", containsString("<mark>quuxification</mark>")));
    }
}
