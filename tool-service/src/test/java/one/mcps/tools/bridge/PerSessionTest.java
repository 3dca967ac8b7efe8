package one.mcps.tools.bridge;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.awaitility.Awaitility;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import one.mcps.testing.LocalStackResource;
import one.mcps.testing.TestTokens;
import one.mcps.tools.support.McpHttpClient;
import one.mcps.tools.support.Tools;

/**
 * {@code sharing: per_session}: a process of its own for each bridge session, with the official memory server,
 * which keeps its knowledge graph in a file: each process gets a file of its own (as a server with in-process
 * state would keep it in its own memory), so what one session stores, another sees only when they share a process.
 */
@QuarkusTest
@QuarkusTestResource(value = LocalStackResource.class, restrictToAnnotatedClass = false)
class PerSessionTest {

    @Test
    void perSessionSessionsDoNotSeeEachOthersStateWhileSharedOnesDo() {
        String perSession = memory("own", Map.of("sharing", "per_session", "max_instances", 3));
        String shared = memory("shared", Map.of());
        try {
            JsonPath started = Tools.awaitState(perSession, "running");
            assertEquals("per_session", started.getString("sharing"));
            assertTrue(started.getList("tools").contains("read_graph"), started.prettify());
            assertEquals(1, started.getInt("instance_count"), started.prettify());
            assertTrue(started.getBoolean("instances[0].warm"), started.prettify());
            long warmPid = started.getLong("instances[0].pid");

            McpHttpClient first = session(perSession);
            McpHttpClient second = session(perSession);
            String entity = "alice-" + UUID.randomUUID();
            assertFalse(createEntity(first, entity).has("error"));
            assertTrue(readGraph(first).contains(entity));
            assertFalse(readGraph(second).contains(entity), "a per-session process leaked another session's state");

            JsonPath status = Tools.status(perSession);
            assertEquals(2, status.getInt("instance_count"), status.prettify());
            List<Long> pids = status.getList("instances.pid", Long.class);
            assertEquals(2, pids.stream().distinct().count(), status.prettify());
            assertTrue(pids.contains(warmPid), "the warm process goes to the first session: " + status.prettify());
            assertFalse(status.getList("instances.warm", Boolean.class).contains(true), status.prettify());
            assertTrue(status.getLong("rss_bytes") > 1_000_000, status.prettify());

            JsonPath processes = given().auth().oauth2(TestTokens.service()).get("/internal/tools/processes").then()
                    .statusCode(200).extract().jsonPath();
            assertEquals(pids.size(), processes.getInt("find { it.name == '" + perSession + "' }.instance_count"));
            assertEquals(List.copyOf(pids),
                    processes.getList("find { it.name == '" + perSession + "' }.instances.pid", Long.class));
            assertEquals("per_session", given().auth().oauth2(TestTokens.service()).get("/internal/tools/running")
                    .then().extract().path("find { it.name == '" + perSession + "' }.sharing"));

            // every stderr line says which process wrote it
            JsonPath logs = given().auth().oauth2(TestTokens.admin()).queryParam("tail", 200)
                    .get("/api/v1/tools/" + perSession + "/logs").then().statusCode(200).extract().jsonPath();
            List<Long> stderrPids = logs.getList("findAll { it.stream == 'stderr' }.pid", Long.class);
            assertTrue(stderrPids.containsAll(pids), "stderr lines by pid: " + stderrPids + ", processes " + pids);

            McpHttpClient one = session(shared);
            McpHttpClient other = session(shared);
            createEntity(one, entity);
            assertTrue(readGraph(other).contains(entity), "sessions of a shared process share its state");
        } finally {
            Tools.delete(perSession);
            Tools.delete(shared);
        }
    }

    @Test
    void oneSessionMoreThanMaxInstancesIsRefusedAndDeleteEndsTheProcess() {
        String name = memory("max", Map.of("sharing", "per_session", "max_instances", 1));
        try {
            Tools.awaitState(name, "running");
            McpHttpClient first = session(name);
            long pid = onlyPid(name);

            McpHttpClient refused = new McpHttpClient(url(name), TestTokens.service());
            HttpResponse<String> answer = refused.send(initialize(refused), "application/json, text/event-stream");
            assertEquals(429, answer.statusCode(), answer.body());
            assertEquals("application/problem+json", answer.headers().firstValue("Content-Type").orElse(""));
            assertTrue(answer.headers().firstValue("Retry-After").isPresent(), answer.headers().toString());
            assertTrue(answer.body().contains("max_instances"), answer.body());

            assertEquals(204, first.delete());
            Awaitility.await().atMost(Duration.ofSeconds(15)).until(() -> !alive(pid));
            assertEquals(0, Tools.status(name).getInt("instance_count"));
            assertEquals(404, first.send(first.request("ping", null), "application/json").statusCode());

            McpHttpClient next = session(name);
            assertTrue(readGraph(next).contains("entities"));
            assertNotEquals(pid, onlyPid(name));
        } finally {
            Tools.delete(name);
        }
    }

    @Test
    void anIdleInstanceIsReapedAndItsSessionEnds() {
        String name = memory("idle", Map.of("sharing", "per_session", "idle_timeout_ms", 1000));
        try {
            Tools.awaitState(name, "running");
            McpHttpClient client = session(name);
            assertTrue(readGraph(client).contains("entities"));
            long pid = onlyPid(name);
            Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> !alive(pid));
            assertEquals(0, Tools.status(name).getInt("instance_count"));
            assertEquals("running", Tools.status(name).getString("state"));
            assertEquals(404, client.send(client.request("ping", null), "application/json").statusCode());
            given().auth().oauth2(TestTokens.admin()).queryParam("tail", 200).get("/api/v1/tools/" + name + "/logs")
                    .then().body(org.hamcrest.Matchers.containsString("idle for more than 1000 ms"));
        } finally {
            Tools.delete(name);
        }
    }

    @Test
    void aKilledInstanceIsRestartedForItsSessionAndTheToolStaysRunning() {
        String name = memory("crash", Map.of("sharing", "per_session"));
        try {
            Tools.awaitState(name, "running");
            McpHttpClient client = session(name);
            long pid = onlyPid(name);
            ProcessHandle.of(pid).orElseThrow().destroyForcibly();
            Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).until(() -> {
                JsonPath s = Tools.status(name);
                return s.getInt("instance_count") == 1 && "running".equals(s.getString("instances[0].state"))
                        && s.getInt("instances[0].restarts") == 1;
            });
            JsonPath status = Tools.status(name);
            assertEquals("running", status.getString("state"), status.prettify());
            assertEquals(137, status.getInt("instances[0].last_exit_code"), status.prettify());
            assertNotEquals(pid, status.getLong("instances[0].pid"));
            assertTrue(readGraph(client).contains("entities"), "the session goes on with the new process");
        } finally {
            Tools.delete(name);
        }
    }

    @Test
    void stoppingThePerSessionToolStopsEveryInstance() {
        String name = memory("stop", Map.of("sharing", "per_session"));
        try {
            Tools.awaitState(name, "running");
            McpHttpClient first = session(name);
            McpHttpClient second = session(name);
            List<Long> pids = Tools.status(name).getList("instances.pid", Long.class);
            assertEquals(2, pids.size());
            Tools.stop(name);
            Tools.awaitState(name, "stopped");
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> pids.stream().noneMatch(PerSessionTest::alive));
            assertEquals(0, Tools.status(name).getInt("instance_count"));
            assertEquals(404, first.send(first.request("ping", null), "application/json").statusCode());
            assertEquals(404, second.send(second.request("ping", null), "application/json").statusCode());
        } finally {
            Tools.delete(name);
        }
    }

    // ---- helpers

    /** A started memory server tool whose every process keeps its graph in a file of its own. */
    private static String memory(String prefix, Map<String, Object> extra) {
        String name = Tools.unique(prefix);
        Path folder;
        try {
            folder = Files.createDirectories(Path.of("target", "memory", name).toAbsolutePath());
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
        Map<String, Object> definition = new HashMap<>(Map.of("name", name, "transport", "stdio", "command",
                "/bin/sh", "args", List.of("-c", "MEMORY_FILE_PATH=" + folder + "/graph-$$.jsonl exec "
                        + Tools.npmBin("mcp-server-memory")),
                "restart_delay_ms", 200, "startup_timeout_ms", 20000));
        definition.putAll(extra);
        Tools.create(definition);
        Tools.start(name);
        return name;
    }

    private static String url(String tool) {
        int port = ConfigProvider.getConfig().getValue("quarkus.http.test-port", Integer.class);
        return "http://127.0.0.1:" + port + "/internal/tools/" + tool + "/mcp";
    }

    private static McpHttpClient session(String tool) {
        return new McpHttpClient(url(tool), TestTokens.service()).initialize(null);
    }

    private static ObjectNode initialize(McpHttpClient client) {
        ObjectNode params = McpHttpClient.JSON.createObjectNode().put("protocolVersion", "2025-06-18");
        params.putObject("capabilities");
        params.putObject("clientInfo").put("name", "per-session-test").put("version", "1");
        return client.request("initialize", params);
    }

    private static JsonNode createEntity(McpHttpClient client, String entity) {
        ObjectNode params = McpHttpClient.JSON.createObjectNode().put("name", "create_entities");
        ObjectNode e = params.putObject("arguments").putArray("entities").addObject();
        e.put("name", entity).put("entityType", "person").putArray("observations").add("test");
        return client.call("tools/call", params);
    }

    private static String readGraph(McpHttpClient client) {
        ObjectNode params = McpHttpClient.JSON.createObjectNode().put("name", "read_graph");
        params.putObject("arguments");
        JsonNode response = client.call("tools/call", params);
        assertFalse(response.has("error"), response.toString());
        return response.path("result").toString();
    }

    private static long onlyPid(String tool) {
        JsonPath status = Tools.status(tool);
        assertEquals(1, status.getInt("instance_count"), status.prettify());
        return status.getLong("instances[0].pid");
    }

    private static boolean alive(long pid) {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }
}
