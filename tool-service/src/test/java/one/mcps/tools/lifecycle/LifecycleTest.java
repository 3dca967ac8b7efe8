package one.mcps.tools.lifecycle;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import one.mcps.platform.events.Topics;
import one.mcps.testing.KafkaProbe;
import one.mcps.testing.LocalStackResource;
import one.mcps.testing.TestTokens;
import one.mcps.tools.support.Tools;

@QuarkusTest
@QuarkusTestResource(value = LocalStackResource.class, restrictToAnnotatedClass = false)
class LifecycleTest {

    @Test
    void startedServerIsRunningWithItsRealToolList() {
        String name = Tools.unique("every");
        Tools.create(Tools.everything(name));
        try {
            given().auth().oauth2(TestTokens.forUser("olga", "operator")).post("/api/v1/tools/" + name + "/start")
                    .then().statusCode(202).body("state", equalTo("starting"));
            JsonPath status = Tools.awaitState(name, "running");
            assertTrue(status.getList("tools").contains("echo"), status.prettify());
            assertTrue(status.getList("tools").contains("get-sum"), status.prettify());
            assertNotNull(status.get("pid"));
            assertNotNull(status.get("server_info.name"), status.prettify());
            assertNotNull(status.get("capabilities.tools"), status.prettify());
            assertNotNull(status.get("rss_bytes"), status.prettify());
            assertTrue(status.getLong("rss_bytes") > 1_000_000, status.prettify());
            assertNotNull(status.get("cpu_percent"), status.prettify());
            assertEquals(0, status.getInt("restarts"));
            given().auth().oauth2(TestTokens.forUser("vera", "viewer")).post("/api/v1/tools/" + name + "/stop")
                    .then().statusCode(403);
            given().auth().oauth2(TestTokens.admin()).queryParam("tail", 50).get("/api/v1/tools/" + name + "/logs")
                    .then().statusCode(200).body("line", hasItem(containsString("running: ")));
        } finally {
            Tools.delete(name);
        }
    }

    @Test
    void followStreamsNewLinesAsServerSentEvents() throws Exception {
        String name = Tools.unique("follow");
        Tools.create(Tools.everything(name));
        int port = org.eclipse.microprofile.config.ConfigProvider.getConfig()
                .getValue("quarkus.http.test-port", Integer.class);
        java.net.http.HttpRequest request = java.net.http.HttpRequest.newBuilder(java.net.URI.create(
                "http://127.0.0.1:" + port + "/api/v1/tools/" + name + "/logs?follow=true&tail=0"))
                .header("Accept", "text/event-stream")
                .header("Authorization", "Bearer " + TestTokens.forUser("vera", "viewer")).build();
        java.net.http.HttpResponse<java.util.stream.Stream<String>> response = java.net.http.HttpClient
                .newHttpClient().send(request, java.net.http.HttpResponse.BodyHandlers.ofLines());
        try {
            assertEquals(200, response.statusCode());
            Tools.start(name);
            String running = response.body().filter(l -> l.startsWith("data:") && l.contains("running: "))
                    .findFirst().orElseThrow();
            assertTrue(running.contains("\"stream\":\"lifecycle\""), running);
        } finally {
            response.body().close();
            Tools.delete(name);
        }
        given().auth().oauth2(TestTokens.admin()).accept("application/json").queryParam("follow", true)
                .get("/api/v1/tools/" + name + "/logs").then().statusCode(400)
                .contentType("application/problem+json");
    }

    @Test
    void commandThatDoesNotExistFailsWithAClearReason() {
        String name = Tools.unique("missing");
        Tools.create(Map.of("name", name, "transport", "stdio", "command", "/no/such/mcp-server"));
        try {
            Tools.start(name);
            JsonPath status = Tools.awaitState(name, "failed");
            assertTrue(status.getString("last_error").contains("command not found: /no/such/mcp-server"),
                    status.prettify());
        } finally {
            Tools.delete(name);
        }
    }

    @Test
    void serverThatExitsDuringStartupFailsWithExitCodeAndStderr() {
        String name = Tools.unique("exits");
        Tools.create(Map.of("name", name, "transport", "stdio", "command", "/bin/sh", "args",
                List.of("-c", "echo 'cannot open the database' >&2; exit 3")));
        try {
            Tools.start(name);
            JsonPath status = Tools.awaitState(name, "failed");
            String reason = status.getString("last_error");
            assertTrue(reason.contains("exited with code 3"), reason);
            assertTrue(reason.contains("cannot open the database"), reason);
        } finally {
            Tools.delete(name);
        }
    }

    @Test
    void serverThatNeverAnswersTimesOut() {
        String name = Tools.unique("silent");
        Tools.create(Map.of("name", name, "transport", "stdio", "command", "/bin/sleep", "args", List.of("60"),
                "startup_timeout_ms", 500));
        try {
            Tools.start(name);
            JsonPath status = Tools.awaitState(name, "failed");
            assertTrue(status.getString("last_error").contains("within 500 ms"), status.prettify());
        } finally {
            Tools.delete(name);
        }
    }

    @Test
    void killedServerIsRestartedAndEveryStateChangeIsAnEventInOrder() throws Exception {
        String name = Tools.unique("crash");
        String id = Tools.create(Tools.everything(name));
        try (KafkaProbe probe = KafkaProbe.watch(Topics.TOOL_STATUS)) {
            Tools.start(name);
            long pid = Tools.awaitState(name, "running").getLong("pid");

            ProcessHandle.of(pid).orElseThrow().destroyForcibly();

            Awaitility.await().atMost(Duration.ofSeconds(40)).pollInterval(Duration.ofMillis(100)).until(() -> {
                JsonPath s = Tools.status(name);
                return "running".equals(s.getString("state")) && s.getInt("restarts") == 1;
            });
            JsonPath status = Tools.status(name);
            assertNotEquals(pid, status.getLong("pid"));
            assertEquals(137, status.getInt("last_exit_code"));
            assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false));

            probe.await(r -> name.equals(r.key()) && r.value().contains("\"restarts\":1")
                    && r.value().contains("\"state\":\"running\""), Duration.ofSeconds(20));
            List<String> states = probe.received().stream().filter(r -> name.equals(r.key()))
                    .map(ConsumerRecord::value).map(v -> JsonPath.from(v).getString("state")).toList();
            assertEquals(List.of("starting", "running", "failed", "starting", "running"), states);
            ConsumerRecord<String, String> failed = probe.received().stream()
                    .filter(r -> name.equals(r.key()) && r.value().contains("\"state\":\"failed\"")).findFirst()
                    .orElseThrow();
            assertTrue(failed.value().contains(id), failed.value());
            assertTrue(failed.value().contains("exited with code 137"), failed.value());
        } finally {
            Tools.delete(name);
        }
    }

    @Test
    void stopLeavesNoProcessBehind() {
        String name = Tools.unique("stop");
        // a shell that starts the server as its child, the way npx does
        Map<String, Object> definition = new HashMap<>(Tools.everything(name));
        definition.put("command", "/bin/sh");
        definition.put("args", List.of("-c", Tools.npmBin("mcp-server-everything") + " stdio; echo done"));
        Tools.create(definition);
        try {
            Tools.start(name);
            long pid = Tools.awaitState(name, "running").getLong("pid");
            ProcessHandle shell = ProcessHandle.of(pid).orElseThrow();
            List<ProcessHandle> tree = new java.util.ArrayList<>(shell.descendants().toList());
            tree.add(shell);
            assertTrue(tree.size() >= 2, "the shell should have started the server: " + tree);

            given().auth().oauth2(TestTokens.forUser("olga", "operator")).post("/api/v1/tools/" + name + "/stop")
                    .then().statusCode(202).body("state", equalTo("stopping"));
            Tools.awaitState(name, "stopped");
            Awaitility.await().atMost(Duration.ofSeconds(10))
                    .until(() -> tree.stream().noneMatch(ProcessHandle::isAlive));
        } finally {
            Tools.delete(name);
        }
    }

    @Test
    void secretInEnvNeverAppearsInResponsesOrLogs() {
        String secret = "tok-" + UUID.randomUUID();
        String name = Tools.unique("secret");
        Map<String, Object> definition = new HashMap<>(Map.of("name", name, "transport", "stdio",
                "command", "/bin/sh", "args",
                List.of("-c", "echo \"token is $API_TOKEN\" >&2; exec " + Tools.npmBin("mcp-server-everything")
                        + " stdio"),
                "env", Map.of("API_TOKEN", secret)));
        Tools.create(definition);
        try (KafkaProbe logs = KafkaProbe.watch(Topics.TOOL_LOGS)) {
            Tools.start(name);
            Tools.awaitState(name, "running");
            given().auth().oauth2(TestTokens.admin()).get("/api/v1/tools/" + name + "/logs").then().statusCode(200)
                    .body("line", hasItem("token is ****")).body(not(containsString(secret)));
            given().auth().oauth2(TestTokens.admin()).get("/api/v1/tools/" + name + "/status").then()
                    .body(not(containsString(secret)));
            given().auth().oauth2(TestTokens.admin()).get("/api/v1/tools/" + name).then()
                    .body(not(containsString(secret)));
            ConsumerRecord<String, String> line = logs.await(
                    r -> name.equals(r.key()) && r.value().contains("token is"), Duration.ofSeconds(15));
            assertFalse(line.value().contains(secret), line.value());
            Optional<ConsumerRecord<String, String>> leaked = logs.received().stream()
                    .filter(r -> r.value().contains(secret)).findAny();
            assertTrue(leaked.isEmpty(), () -> leaked.get().value());
        } finally {
            Tools.delete(name);
        }
    }
}
