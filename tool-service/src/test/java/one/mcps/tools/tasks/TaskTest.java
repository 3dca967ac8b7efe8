package one.mcps.tools.tasks;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;

import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.awaitility.Awaitility;
import org.eclipse.microprofile.config.ConfigProvider;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import one.mcps.platform.events.Topics;
import one.mcps.testing.KafkaProbe;
import one.mcps.testing.LocalStackResource;
import one.mcps.testing.TestTokens;
import one.mcps.tools.support.Tools;

@QuarkusTest
@QuarkusTestResource(value = LocalStackResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(StandInProxy.class)
class TaskTest {

    private static final Duration WAIT = Duration.ofSeconds(60);
    /** A registered (not started) remote tool any user may use: the stand-in proxy answers its calls. */
    private static String server;

    @Inject
    Pool pool;

    @ConfigProperty(name = "test.stand-in.url")
    String standIn;

    /** Once per class, but after Quarkus pointed REST Assured at its random port (it is not yet in BeforeAll). */
    @BeforeEach
    void registerServer() {
        if (server == null) {
            server = Tools.unique("every");
            Tools.create(Map.of("name", server, "transport", "streamable_http", "url", "http://127.0.0.1:9/mcp"));
        }
    }

    @AfterAll
    static void removeServer() {
        if (server != null) {
            // REST Assured is no longer pointed at the test port after the last test
            given().port(ConfigProvider.getConfig().getValue("quarkus.http.test-port", Integer.class))
                    .auth().oauth2(TestTokens.admin()).delete("/api/v1/tools/" + server).then().statusCode(204);
            server = null;
        }
    }

    @Test
    void badCronIs422NamingTheScheduleAndUnknownTypeNamesTheType() {
        given().auth().oauth2(TestTokens.admin()).contentType(ContentType.JSON)
                .body(Map.of("name", "bad", "type", TaskTypes.TOOLS_HEALTHCHECK, "schedule", "every minute"))
                .post("/api/v1/tasks").then().statusCode(422).contentType("application/problem+json")
                .body("errors.field", hasItem("schedule"));
        given().auth().oauth2(TestTokens.admin()).contentType(ContentType.JSON)
                .body(Map.of("name", "bad", "type", "tools.explode"))
                .post("/api/v1/tasks").then().statusCode(400).body("errors.field", hasItem("type"));
        given().auth().oauth2(TestTokens.admin()).contentType(ContentType.JSON)
                .body(Map.of("name", "bad", "type", TaskTypes.TOOL_CALL, "params", Map.of("server", "x")))
                .post("/api/v1/tasks").then().statusCode(400).body("errors.field", hasItem("params.tool"));
        given().auth().oauth2(TestTokens.forUser("vera", "viewer")).contentType(ContentType.JSON)
                .body(Map.of("name", "nope", "type", TaskTypes.TOOLS_HEALTHCHECK))
                .post("/api/v1/tasks").then().statusCode(403);
        given().auth().oauth2(TestTokens.admin()).get("/api/v1/tasks/" + UUID.randomUUID()).then().statusCode(404);
    }

    @Test
    void definitionIsReadChangedAndDeleted() {
        String runAt = java.time.Instant.now().plus(Duration.ofDays(1)).truncatedTo(java.time.temporal.ChronoUnit.SECONDS)
                .toString();
        String id = create(Map.of("name", "nightly health", "type", TaskTypes.TOOLS_HEALTHCHECK, "run_at", runAt,
                "timeout_ms", 5000));
        given().auth().oauth2(TestTokens.forUser("vera", "viewer")).get("/api/v1/tasks/" + id).then().statusCode(200)
                .body("state", equalTo("scheduled")).body("next_run_at", equalTo(runAt))
                .body("timeout_ms", equalTo(5000)).body("max_attempts", equalTo(1)).body("enabled", equalTo(true));
        given().auth().oauth2(TestTokens.admin()).contentType(ContentType.JSON)
                .body(Map.of("name", "nightly health", "type", TaskTypes.TOOLS_HEALTHCHECK, "schedule", "0 0 3 * * ?"))
                .put("/api/v1/tasks/" + id).then().statusCode(200).body("schedule", equalTo("0 0 3 * * ?"))
                .body("state", equalTo("scheduled")).body("next_run_at", containsString("T03:00:00"));
        given().auth().oauth2(TestTokens.admin()).contentType(ContentType.JSON)
                .body(Map.of("name", "nightly health", "type", TaskTypes.TOOLS_HEALTHCHECK, "schedule", "0 0 25 * * ?"))
                .put("/api/v1/tasks/" + id).then().statusCode(422).body("errors.field", hasItem("schedule"));
        given().auth().oauth2(TestTokens.admin()).queryParam("size", 101).get("/api/v1/tasks").then().statusCode(400)
                .body("errors.field", hasItem("size"));
        given().auth().oauth2(TestTokens.admin()).queryParam("state", "scheduled").queryParam("type", "tools.healthcheck")
                .queryParam("size", 100).get("/api/v1/tasks").then().statusCode(200).body("items.id", hasItem(id))
                .body("page", equalTo(1)).body("size", equalTo(100));
        given().auth().oauth2(TestTokens.admin()).post("/api/v1/tasks/" + id + "/stop").then().statusCode(409);
        delete(id);
        given().auth().oauth2(TestTokens.admin()).get("/api/v1/tasks/" + id).then().statusCode(404);
    }

    @Test
    void cronToolCallRunsAtItsTimesAndStoresTheResult() {
        String message = "tick-" + UUID.randomUUID();
        String id = create(Map.of("name", "echo every 2 s", "type", TaskTypes.TOOL_CALL, "schedule", "*/2 * * * * ?",
                "params", Map.of("server", server, "tool", "echo", "arguments", Map.of("message", message))));
        try {
            given().auth().oauth2(TestTokens.forUser("vera", "viewer")).get("/api/v1/tasks/" + id).then()
                    .statusCode(200).body("schedule", equalTo("*/2 * * * * ?")).body("created_by", equalTo("olga"));
            Awaitility.await().atMost(WAIT).pollInterval(Duration.ofMillis(200))
                    .until(() -> task(id).getInt("runs") >= 2);
            JsonPath status = status(id);
            assertEquals("succeeded", status.getString("state"), status.prettify());
            assertEquals(1, status.getInt("attempts"));
            assertEquals(1.0, status.getDouble("progress"));
            assertEquals("Echo: " + message, status.getString("result.content[0].text"));
            assertNotNull(status.getString("finished_at"));
            List<JsonObject> calls = calls(body -> message.equals(
                    body.getJsonObject("arguments", new JsonObject()).getString("message")));
            assertTrue(calls.size() >= 2, calls.toString());
            JsonObject first = calls.get(0);
            // As the operator who created it, with a token identity issued on her behalf, not the service's own.
            assertEquals("Bearer on-behalf:" + StandInProxy.userId("olga"), first.getString("authorization"));
            assertEquals(server, first.getJsonObject("body").getString("server"));
            assertEquals("echo", first.getJsonObject("body").getString("tool"));
            given().auth().oauth2(TestTokens.admin()).queryParam("tool", server).queryParam("type", "tool.call")
                    .queryParam("size", 100).get("/api/v1/tasks").then().statusCode(200).body("items.id", hasItem(id));
        } finally {
            delete(id);
        }
    }

    @Test
    void stopCancelsTheInFlightToolCall() {
        String marker = UUID.randomUUID().toString();
        String id = create(Map.of("name", "hangs", "type", TaskTypes.TOOL_CALL,
                "params", Map.of("server", server, "tool", "hang", "arguments", Map.of("message", marker))));
        try {
            given().auth().oauth2(TestTokens.admin()).post("/api/v1/tasks/" + id + "/start").then().statusCode(202);
            Awaitility.await().atMost(WAIT).pollInterval(Duration.ofMillis(100))
                    .until(() -> !calls(body -> marker.equals(body.getJsonObject("arguments").getString("message")))
                            .isEmpty());
            assertEquals("running", status(id).getString("state"));
            given().auth().oauth2(TestTokens.forUser("vera", "viewer")).post("/api/v1/tasks/" + id + "/stop").then()
                    .statusCode(403);
            given().auth().oauth2(TestTokens.forUser("olga", "operator")).post("/api/v1/tasks/" + id + "/stop").then()
                    .statusCode(200).body("state", equalTo("cancelled"));
            // The executor really stopped: the request to the proxy was abandoned, not left waiting.
            Awaitility.await().atMost(WAIT).pollInterval(Duration.ofMillis(100)).until(() -> calls(
                    body -> marker.equals(body.getJsonObject("arguments").getString("message"))).get(0)
                    .getBoolean("closed_early"));
            given().auth().oauth2(TestTokens.admin()).post("/api/v1/tasks/" + id + "/stop").then().statusCode(409);
            assertEquals("cancelled", status(id).getString("state"));
        } finally {
            delete(id);
        }
    }

    @Test
    void attemptWhoseExecutorDiedIsRetriedOnceAndEventsArriveInOrder() {
        String message = "retry-" + UUID.randomUUID();
        String id = create(Map.of("name", "retried", "type", TaskTypes.TOOL_CALL, "max_attempts", 2,
                "params", Map.of("server", server, "tool", "echo", "arguments", Map.of("message", message))));
        try (KafkaProbe probe = KafkaProbe.watch(Topics.TASKS)) {
            // What an instance that died mid-run leaves behind: attempt 1 running under a lease that ran out.
            pool.preparedQuery("update tasks set state = 'running', attempts = 1, lease_owner = 'tool-service/dead', "
                    + "lease_until = now() - interval '1 second', started_at = now() where id = $1")
                    .execute(Tuple.of(UUID.fromString(id))).await().atMost(Duration.ofSeconds(10));
            Awaitility.await().atMost(WAIT).pollInterval(Duration.ofMillis(200))
                    .until(() -> "succeeded".equals(status(id).getString("state")));
            JsonPath status = status(id);
            assertEquals(2, status.getInt("attempts"), status.prettify());
            assertEquals("Echo: " + message, status.getString("result.content[0].text"));
            assertEquals(1, calls(body -> message.equals(body.getJsonObject("arguments").getString("message"))).size());

            probe.await(r -> id.equals(r.key()) && r.value().contains("\"succeeded\""), WAIT);
            List<String> states = new ArrayList<>();
            for (ConsumerRecord<String, String> record : probe.received()) {
                if (id.equals(record.key())) {
                    JsonObject event = new JsonObject(record.value());
                    states.add(event.getString("state") + "/" + event.getInteger("attempt"));
                }
            }
            assertEquals(List.of("failed/1", "pending/1", "running/2", "succeeded/2"),
                    states.subList(states.indexOf("failed/1"), states.size()), states.toString());
        } finally {
            delete(id);
        }
    }

    @Test
    void restartByTagRestartsExactlyThoseToolsAndReportsProgress() {
        String tag = Tools.unique("tag");
        List<String> tagged = List.of(Tools.unique("ta"), Tools.unique("tb"));
        String other = Tools.unique("tc");
        for (String name : tagged) {
            Map<String, Object> definition = new HashMap<>(Tools.everything(name));
            definition.put("tags", List.of(tag));
            Tools.create(definition);
        }
        Tools.create(Tools.everything(other));
        List<String> all = new ArrayList<>(tagged);
        all.add(other);
        String id = null;
        try (KafkaProbe probe = KafkaProbe.watch(Topics.TASKS)) {
            Map<String, Long> pids = new HashMap<>();
            all.forEach(Tools::start);
            all.forEach(name -> pids.put(name, Tools.awaitState(name, "running").getLong("pid")));

            id = create(Map.of("name", "restart tagged", "type", TaskTypes.TOOLS_RESTART,
                    "params", Map.of("tags", List.of(tag))));
            String taskId = id;
            given().auth().oauth2(TestTokens.admin()).post("/api/v1/tasks/" + id + "/start").then().statusCode(202);
            Awaitility.await().atMost(WAIT).pollInterval(Duration.ofMillis(200))
                    .until(() -> List.of("succeeded", "failed").contains(status(taskId).getString("state")));
            JsonPath status = status(id);
            assertEquals("succeeded", status.getString("state"), status.prettify());
            assertEquals(2, status.getInt("result.total"));
            for (String name : tagged) {
                JsonPath tool = Tools.awaitState(name, "running");
                assertNotEquals(pids.get(name), tool.getLong("pid"), name + " was not restarted");
                assertEquals("running", status.getString("result.tools." + name));
            }
            assertEquals(pids.get(other), Tools.status(other).getLong("pid"), "an untagged tool was restarted");
            assertNull(status.get("result.tools." + other));

            probe.await(r -> taskId.equals(r.key()) && r.value().contains("\"succeeded\""), WAIT);
            List<Double> progress = new ArrayList<>();
            for (ConsumerRecord<String, String> record : probe.received()) {
                JsonObject event = new JsonObject(record.value());
                if (taskId.equals(record.key()) && "running".equals(event.getString("state"))) {
                    progress.add(event.getDouble("progress"));
                }
            }
            assertEquals(List.of(0.0, 0.5, 1.0), progress);
        } finally {
            if (id != null) {
                delete(id);
            }
            all.forEach(Tools::delete);
        }
    }

    @Test
    void remoteTypesAreSentAsCommandsAndTheExecutorsReportsLandOnce() {
        String id = create(Map.of("name", "cleanup", "type", TaskTypes.LOGS_CLEANUP, "params",
                Map.of("older_than_days", 30)));
        String other = create(Map.of("name", "backup", "type", TaskTypes.BACKUP_CREATE));
        try (KafkaProbe commands = KafkaProbe.watch(Topics.TASK_COMMANDS)) {
            given().auth().oauth2(TestTokens.admin()).post("/api/v1/tasks/" + id + "/start").then().statusCode(202);
            JsonObject run = new JsonObject(commands.await(r -> id.equals(r.key()), WAIT).value());
            assertEquals("run", run.getString("action"));
            assertEquals("logs.cleanup", run.getString("task_type"));
            assertEquals(1, run.getInteger("attempt"));
            assertEquals(30, run.getJsonObject("params").getInteger("older_than_days"));
            assertEquals("running", status(id).getString("state"));

            // What observability-service reports: progress, then the outcome. A report for another attempt is
            // ignored; it is on the same partition before the outcome, so it was read when the outcome shows.
            report(id, 1, "running", 0.5, null);
            Awaitility.await().atMost(WAIT).pollInterval(Duration.ofMillis(100))
                    .until(() -> status(id).getDouble("progress") == 0.5);
            report(id, 2, "failed", null, null);
            report(id, 1, "succeeded", 1.0, new JsonObject().put("deleted", 7).put("older_than_days", 30));
            Awaitility.await().atMost(WAIT).pollInterval(Duration.ofMillis(100))
                    .until(() -> "succeeded".equals(status(id).getString("state")));
            JsonPath status = status(id);
            assertEquals(7, status.getInt("result.deleted"), status.prettify());
            assertNull(status.get("error"));
            assertEquals(1, status.getInt("attempts"));

            given().auth().oauth2(TestTokens.admin()).post("/api/v1/tasks/" + other + "/start").then().statusCode(202);
            commands.await(r -> other.equals(r.key()) && r.value().contains("\"run\""), WAIT);
            given().auth().oauth2(TestTokens.admin()).post("/api/v1/tasks/" + other + "/stop").then().statusCode(200)
                    .body("state", equalTo("cancelled"));
            JsonObject cancel = new JsonObject(commands
                    .await(r -> other.equals(r.key()) && r.value().contains("\"cancel\""), WAIT).value());
            assertEquals(1, cancel.getInteger("attempt"));
        } finally {
            delete(id);
            delete(other);
        }
    }

    /**
     * Issue 15 item 3: a tool.call acts as the user who saved it, with the API key they used: identity-service is
     * asked (with the service token) for a token on their behalf, and the proxy gets that token.
     */
    @Test
    void toolCallRunsAsItsUserAndTheirApiKey() {
        String message = "as-olga-" + UUID.randomUUID();
        String id = given().auth().oauth2(StandInProxy.OPERATOR_KEY).contentType(ContentType.JSON)
                .body(Map.of("name", "as olga", "type", TaskTypes.TOOL_CALL,
                        "params", Map.of("server", server, "tool", "echo", "arguments", Map.of("message", message))))
                .post("/api/v1/tasks").then().statusCode(201).extract().path("id");
        try {
            given().auth().oauth2(StandInProxy.OPERATOR_KEY).post("/api/v1/tasks/" + id + "/start").then()
                    .statusCode(202);
            Awaitility.await().atMost(WAIT).pollInterval(Duration.ofMillis(200))
                    .until(() -> "succeeded".equals(status(id).getString("state")));
            String olga = StandInProxy.userId("olga");
            List<JsonObject> calls = calls(body -> message.equals(body.getJsonObject("arguments").getString("message")));
            assertEquals(1, calls.size(), calls.toString());
            assertEquals("Bearer on-behalf:" + olga + ":opkey", calls.get(0).getString("authorization"));
            JsonObject asked = onBehalf(olga, "opkey");
            assertEquals("Bearer " + StandInProxy.TOKEN, asked.getString("authorization"), asked.encode());
        } finally {
            delete(id);
        }
    }

    /** The user's standing is checked when the task runs: identity's refusal fails it, and the proxy is not called. */
    @Test
    void toolCallOfADisabledUserFailsWithTheReasonAndNeverReachesTheProxy() {
        String marker = "disabled-" + UUID.randomUUID();
        String id = given().auth().oauth2(TestTokens.forUser(StandInProxy.DISABLED_USER, "operator"))
                .contentType(ContentType.JSON).body(Map.of("name", "as dora", "type", TaskTypes.TOOL_CALL, "params",
                        Map.of("server", server, "tool", "echo", "arguments", Map.of("message", marker))))
                .post("/api/v1/tasks").then().statusCode(201).extract().path("id");
        try {
            given().auth().oauth2(TestTokens.admin()).post("/api/v1/tasks/" + id + "/start").then().statusCode(202);
            Awaitility.await().atMost(WAIT).pollInterval(Duration.ofMillis(200))
                    .until(() -> "failed".equals(status(id).getString("state")));
            String error = status(id).getString("error");
            assertTrue(error.contains("refused") && error.contains("disabled"), error);
            assertTrue(calls(body -> marker.equals(body.getJsonObject("arguments").getString("message"))).isEmpty());
        } finally {
            delete(id);
        }
    }

    /**
     * Issue 15 item 3: a tool.call of a tool its user may not use is refused up front (create, change, start), and
     * what a call returned is shown only to those who may use the tool; the TaskChanged events (log entries every
     * viewer reads) never carry it.
     */
    @Test
    void toolCallResultIsOnlyForThoseWhoMayUseTheToolAndNeverInTheEvents() {
        String adminOnly = Tools.unique("admin-only");
        Tools.create(Map.of("name", adminOnly, "transport", "streamable_http", "url", "http://127.0.0.1:9/mcp",
                "allowed_roles", List.of("admin")));
        String operator = TestTokens.forUser("olga", "operator");
        String viewer = TestTokens.forUser("vera", "viewer");
        String message = "secret-env-" + UUID.randomUUID();
        Map<String, Object> definition = Map.of("name", "admin's call", "type", TaskTypes.TOOL_CALL,
                "params", Map.of("server", adminOnly, "tool", "echo", "arguments", Map.of("message", message)));
        String id = null;
        try (KafkaProbe probe = KafkaProbe.watch(Topics.TASKS)) {
            given().auth().oauth2(operator).contentType(ContentType.JSON).body(definition).post("/api/v1/tasks")
                    .then().statusCode(403).contentType("application/problem+json");
            given().auth().oauth2(operator).contentType(ContentType.JSON)
                    .body(Map.of("name", "nowhere", "type", TaskTypes.TOOL_CALL,
                            "params", Map.of("server", Tools.unique("missing"), "tool", "echo")))
                    .post("/api/v1/tasks").then().statusCode(400).body("errors.field", hasItem("params.server"));

            id = given().auth().oauth2(TestTokens.admin()).contentType(ContentType.JSON).body(definition)
                    .post("/api/v1/tasks").then().statusCode(201).extract().path("id");
            String taskId = id;
            given().auth().oauth2(operator).contentType(ContentType.JSON).body(definition)
                    .put("/api/v1/tasks/" + id).then().statusCode(403);
            given().auth().oauth2(operator).post("/api/v1/tasks/" + id + "/start").then().statusCode(403);
            given().auth().oauth2(TestTokens.admin()).post("/api/v1/tasks/" + id + "/start").then().statusCode(202);
            Awaitility.await().atMost(WAIT).pollInterval(Duration.ofMillis(200)).until(() -> "succeeded".equals(
                    given().auth().oauth2(TestTokens.admin()).get("/api/v1/tasks/" + taskId + "/status").then()
                            .statusCode(200).extract().path("state")));

            given().auth().oauth2(TestTokens.admin()).get("/api/v1/tasks/" + id + "/status").then().statusCode(200)
                    .body("result.content[0].text", equalTo("Echo: " + message))
                    .body("result_hidden", equalTo(false));
            for (String token : List.of(operator, viewer)) {
                given().auth().oauth2(token).get("/api/v1/tasks/" + id + "/status").then().statusCode(200)
                        .body("state", equalTo("succeeded")).body("result", nullValue())
                        .body("result_hidden", equalTo(true));
                given().auth().oauth2(token).get("/api/v1/tasks/" + id).then().statusCode(200)
                        .body("result", nullValue()).body("result_hidden", equalTo(true));
                given().auth().oauth2(token).queryParam("tool", adminOnly).get("/api/v1/tasks").then()
                        .statusCode(200).body("items.id", hasItem(id)).body("items.find { it.id == '" + id + "' }.result", nullValue())
                        .body("items.find { it.id == '" + id + "' }.result_hidden", equalTo(true));
            }
            given().auth().oauth2(TestTokens.admin()).queryParam("tool", adminOnly).get("/api/v1/tasks").then()
                    .statusCode(200).body("items.find { it.id == '" + id + "' }.result.content[0].text",
                            equalTo("Echo: " + message));

            probe.await(r -> taskId.equals(r.key()) && r.value().contains("\"succeeded\""), WAIT);
            for (ConsumerRecord<String, String> record : probe.received()) {
                if (taskId.equals(record.key())) {
                    assertFalse(record.value().contains("Echo: "), record.value());
                    assertNull(new JsonObject(record.value()).getValue("result"), record.value());
                }
            }
        } finally {
            if (id != null) {
                delete(id);
            }
            Tools.delete(adminOnly);
        }
    }

    private static void report(String taskId, int attempt, String state, Double progress, JsonObject result) {
        JsonObject event = new JsonObject().put("task_id", taskId).put("task_type", TaskTypes.LOGS_CLEANUP)
                .put("state", state).put("progress", progress).put("attempt", attempt).put("result", result)
                .put("at", java.time.Instant.now().toString());
        KafkaProbe.send(Topics.TASKS, taskId, one.mcps.platform.events.EventTypes.TASK_CHANGED, event.encode());
    }

    private static String create(Map<String, Object> body) {
        return given().auth().oauth2(TestTokens.forUser("olga", "operator")).contentType(ContentType.JSON).body(body)
                .post("/api/v1/tasks").then().statusCode(201)
                .header("Location", containsString("/api/v1/tasks/"))
                .extract().path("id");
    }

    private static JsonPath task(String id) {
        return given().auth().oauth2(TestTokens.admin()).get("/api/v1/tasks/" + id).then().statusCode(200).extract()
                .jsonPath();
    }

    private static JsonPath status(String id) {
        return given().auth().oauth2(TestTokens.forUser("vera", "viewer")).get("/api/v1/tasks/" + id + "/status").then()
                .statusCode(200).extract().jsonPath();
    }

    private static void delete(String id) {
        given().auth().oauth2(TestTokens.admin()).delete("/api/v1/tasks/" + id).then().statusCode(204);
    }

    /** The on-behalf token request identity's stand-in got for this user and key. */
    private JsonObject onBehalf(String userId, String apiKeyId) {
        JsonArray recorded = new JsonArray(given().get(standIn + "/recorded-on-behalf").then().statusCode(200)
                .extract().asString());
        for (int i = 0; i < recorded.size(); i++) {
            JsonObject body = recorded.getJsonObject(i).getJsonObject("body");
            if (userId.equals(body.getString("user_id")) && apiKeyId.equals(body.getString("api_key_id"))) {
                return recorded.getJsonObject(i);
            }
        }
        throw new AssertionError("no on-behalf request for " + userId + "/" + apiKeyId + ": " + recorded.encode());
    }

    private List<JsonObject> calls(Predicate<JsonObject> body) {
        JsonArray recorded = new JsonArray(given().get(standIn + "/recorded").then().statusCode(200).extract().asString());
        List<JsonObject> matching = new ArrayList<>();
        for (int i = 0; i < recorded.size(); i++) {
            if (body.test(recorded.getJsonObject(i).getJsonObject("body"))) {
                matching.add(recorded.getJsonObject(i));
            }
        }
        return matching;
    }
}
