package one.mcps.tools.internal;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import one.mcps.platform.events.Topics;
import one.mcps.testing.KafkaProbe;
import one.mcps.testing.LocalStackResource;
import one.mcps.testing.TestTokens;
import one.mcps.tools.support.EverythingHttpServer;
import one.mcps.tools.support.Tools;
import one.mcps.tools.tasks.StandInProxy;

@QuarkusTest
@QuarkusTestResource(value = LocalStackResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = EverythingHttpServer.class, restrictToAnnotatedClass = true)
@QuarkusTestResource(StandInProxy.class)
class InternalContractsTest {

    // read when a test runs: injected fields would be checked when Quarkus starts for other test classes too
    private static String remoteUrl() {
        return ConfigProvider.getConfig().getValue("test.everything-http.url", String.class);
    }

    @Test
    void legacySseServerIsHealthCheckedOverItsEventStream() {
        String name = Tools.unique("sse");
        Tools.create(Map.of("name", name, "transport", "sse", "url",
                ConfigProvider.getConfig().getValue("test.everything-sse.url", String.class)));
        try {
            Tools.start(name);
            JsonPath status = Tools.awaitState(name, "running");
            assertFalse(status.getString("server_info.name").isEmpty(), status.prettify());
            // pings run every 500 ms in tests: still running after a few of them
            org.awaitility.Awaitility.await().pollDelay(java.time.Duration.ofSeconds(2))
                    .atMost(java.time.Duration.ofSeconds(10))
                    .until(() -> "running".equals(Tools.status(name).getString("state")));
        } finally {
            Tools.delete(name);
        }
    }

    @Test
    void remoteToolWhosePingsFailTurnsUnhealthyThenFailed() throws Exception {
        String name = Tools.unique("doomed");
        Tools.create(Map.of("name", name, "transport", "streamable_http", "url",
                ConfigProvider.getConfig().getValue("test.everything-doomed.url", String.class), "restart_policy",
                "never"));
        try (KafkaProbe probe = KafkaProbe.watch(Topics.TOOL_STATUS)) {
            Tools.start(name);
            Tools.awaitState(name, "running");
            long pid = ConfigProvider.getConfig().getValue("test.everything-doomed.pid", Long.class);
            ProcessHandle server = ProcessHandle.of(pid).orElseThrow();
            server.descendants().forEach(ProcessHandle::destroyForcibly);
            server.destroyForcibly();

            JsonPath failed = Tools.awaitState(name, "failed");
            assertTrue(failed.getString("last_error").contains("ping failed"), failed.prettify());
            probe.await(r -> name.equals(r.key()) && r.value().contains("\"state\":\"failed\""),
                    java.time.Duration.ofSeconds(20));
            List<String> states = probe.received().stream().filter(r -> name.equals(r.key()))
                    .map(r -> JsonPath.from(r.value()).getString("state")).toList();
            assertEquals(List.of("starting", "running", "unhealthy", "failed"), states);
            // a failure with restart_policy never is final: still failed after more ping intervals
            org.awaitility.Awaitility.await().pollDelay(java.time.Duration.ofSeconds(2))
                    .atMost(java.time.Duration.ofSeconds(10))
                    .until(() -> "failed".equals(Tools.status(name).getString("state")));
        } finally {
            Tools.delete(name);
        }
    }

    @Test
    void runningToolsTellTheProxyWhereToConnect() {
        String remoteUrl = remoteUrl();
        String stdio = Tools.unique("run-stdio");
        String remote = Tools.unique("run-remote");
        Tools.create(Tools.everything(stdio));
        Tools.create(Map.of("name", remote, "transport", "streamable_http", "url", remoteUrl, "headers",
                Map.of("X-Api-Key", "remote-secret-value"), "allowed_roles", List.of("operator")));
        try {
            Tools.start(stdio);
            Tools.start(remote);
            Tools.awaitState(stdio, "running");
            JsonPath remoteStatus = Tools.awaitState(remote, "running");
            assertFalse(remoteStatus.getString("server_info.name").isEmpty());

            JsonPath running = given().auth().oauth2(TestTokens.service()).get("/internal/tools/running").then()
                    .statusCode(200).extract().jsonPath();
            Map<String, Object> s = running.getMap("find { it.name == '" + stdio + "' }");
            assertEquals("stdio", s.get("transport"));
            assertTrue(((String) s.get("url")).endsWith("/internal/tools/" + stdio + "/mcp"), s.toString());
            assertEquals("running", s.get("state"));
            assertTrue(s.get("server_info") instanceof Map, s.toString());
            assertTrue(((Map<?, ?>) s.get("capabilities")).containsKey("tools"), s.toString());
            Map<String, Object> r = running.getMap("find { it.name == '" + remote + "' }");
            assertEquals(remoteUrl, r.get("url"));
            assertEquals(Map.of("X-Api-Key", "remote-secret-value"), r.get("headers"));
            assertEquals(List.of("operator"), r.get("allowed_roles"));

            given().auth().oauth2(TestTokens.service()).get("/internal/tools/processes").then().statusCode(200)
                    .body("find { it.name == '" + stdio + "' }.pid", notNullValue())
                    .body("find { it.name == '" + stdio + "' }.rss_bytes", notNullValue())
                    .body("find { it.name == '" + stdio + "' }.state", equalTo("running"));
            // Issue 15 item 8: decrypted secrets are for services only, never an admin's JWT or (scoped) API key.
            for (String token : List.of(TestTokens.forUser("olga", "operator"), TestTokens.admin(),
                    StandInProxy.ADMIN_KEY, StandInProxy.SCOPED_ADMIN_KEY)) {
                given().auth().oauth2(token).get("/internal/tools/running").then().statusCode(403)
                        .contentType("application/problem+json").body(not(containsString("remote-secret-value")));
            }
        } finally {
            Tools.delete(stdio);
            Tools.delete(remote);
        }
    }

    @Test
    void serviceMayRestartATool() {
        String name = Tools.unique("svc-restart");
        Tools.create(Tools.everything(name));
        try {
            Tools.start(name);
            long pid = Tools.awaitState(name, "running").getLong("pid");
            given().auth().oauth2(TestTokens.service()).post("/api/v1/tools/" + name + "/restart").then()
                    .statusCode(202);
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(40)).until(() -> {
                JsonPath s = Tools.status(name);
                return "running".equals(s.getString("state")) && s.getLong("pid") != pid;
            });
            assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false));
        } finally {
            Tools.delete(name);
        }
    }

    @Test
    void exportAndImportRoundTripWithSecretsStillEncrypted() {
        String name = Tools.unique("backup");
        String id = Tools.create(Map.of("name", name, "transport", "stdio", "command", "/bin/cat",
                "env", Map.of("DB_PASSWORD", "backup-secret-value")));
        JsonPath backup = given().auth().oauth2(TestTokens.service()).get("/internal/export").then().statusCode(200)
                .body("service", equalTo("tool-service")).extract().jsonPath();
        Map<String, Object> exported = backup.getMap("tools.find { it.id == '" + id + "' }");
        String sealed = (String) ((Map<?, ?>) exported.get("env")).get("DB_PASSWORD");
        assertTrue(sealed.startsWith("v1:"), sealed);
        assertFalse(backup.prettify().contains("backup-secret-value"));

        Tools.delete(name);
        given().auth().oauth2(TestTokens.service()).contentType(ContentType.JSON)
                .body(Map.of("service", "tool-service", "tools", List.of(exported))).post("/internal/import").then()
                .statusCode(200).body("imported", equalTo(1));
        given().auth().oauth2(TestTokens.admin()).get("/api/v1/tools/" + id).then().statusCode(200)
                .body("name", equalTo(name)).body("env.DB_PASSWORD", equalTo("****"));

        Map<String, Object> foreign = new java.util.HashMap<>(exported);
        foreign.put("env", Map.of("DB_PASSWORD", "v1:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"));
        given().auth().oauth2(TestTokens.service()).contentType(ContentType.JSON)
                .body(Map.of("service", "tool-service", "tools", List.of(foreign))).post("/internal/import").then()
                .statusCode(400).body("errors.field", hasItem(startsWith("tools[0].env")));
        Tools.delete(name);
    }
}
