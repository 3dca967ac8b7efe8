package one.mcps.tools.registry;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import one.mcps.platform.events.Topics;
import one.mcps.testing.KafkaProbe;
import one.mcps.testing.LocalStackResource;
import one.mcps.testing.TestTokens;
import one.mcps.tools.secrets.SecretCipher;
import one.mcps.tools.support.Tools;

@QuarkusTest
@QuarkusTestResource(value = LocalStackResource.class, restrictToAnnotatedClass = false)
class ToolRegistryTest {

    private static final String SECRET = "s3cr3t-" + UUID.randomUUID();

    @Inject
    SecretCipher cipher;

    @Inject
    Pool pool;

    static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    static Map<String, Object> stdioTool(String name) {
        return Map.of("name", name, "transport", "stdio", "command", "/bin/cat", "args", List.of("-u"),
                "env", Map.of("API_TOKEN", SECRET), "tags", List.of("test", "cat"));
    }

    @Test
    void adminCreatesStdioToolWithMaskedSecretsAndAuditWithoutThem() {
        String name = unique("cat");
        try (KafkaProbe audit = KafkaProbe.watch(Topics.AUDIT)) {
            Response created = given().auth().oauth2(TestTokens.admin()).contentType(ContentType.JSON)
                    .body(stdioTool(name)).post("/api/v1/tools");
            created.then().statusCode(201)
                    .header("ETag", equalTo("\"0\""))
                    .header("Location", endsWith("/api/v1/tools/" + created.path("id")))
                    .body("name", equalTo(name))
                    .body("env.API_TOKEN", equalTo("****"))
                    .body("args", contains("-u"))
                    .body("restart_policy", equalTo("on_failure"))
                    .body("state", equalTo("stopped"))
                    .body(not(containsString(SECRET)));
            String id = created.path("id");

            given().auth().oauth2(TestTokens.forUser("vera", "viewer")).get("/api/v1/tools/" + name).then()
                    .statusCode(200).body("id", equalTo(id)).body(not(containsString(SECRET)));

            ConsumerRecord<String, String> event = audit.await(r -> r.value().contains(id), Duration.ofSeconds(15));
            assertTrue(event.value().contains("\"action\":\"tool.create\""), event.value());
            assertTrue(event.value().contains("API_TOKEN"), event.value());
            assertFalse(event.value().contains(SECRET), event.value());
        }
    }

    @Test
    void onlyAdminsDefineStdioToolsOperatorsRemoteOnesViewersNothing() {
        String operator = TestTokens.forUser("olga", "operator");
        given().auth().oauth2(operator).contentType(ContentType.JSON).body(stdioTool(unique("op"))).post("/api/v1/tools")
                .then().statusCode(403).contentType("application/problem+json");
        given().auth().oauth2(operator).contentType(ContentType.JSON)
                .body(Map.of("name", unique("remote"), "transport", "streamable_http", "url",
                        "http://127.0.0.1:9/mcp", "headers", Map.of("Authorization", "Bearer " + SECRET)))
                .post("/api/v1/tools").then().statusCode(201)
                .body("headers.Authorization", equalTo("****")).body(not(containsString(SECRET)));
        given().auth().oauth2(TestTokens.forUser("vera", "viewer")).contentType(ContentType.JSON)
                .body(Map.of("name", unique("v"), "transport", "sse", "url", "http://127.0.0.1:9/sse"))
                .post("/api/v1/tools").then().statusCode(403);
        given().contentType(ContentType.JSON).body(stdioTool(unique("anon"))).post("/api/v1/tools").then()
                .statusCode(401);
    }

    /**
     * Issue 15 item 2: an operator may edit a remote tool an admin registered, but not point its stored secret
     * headers somewhere else; re-entering every secret value (or being admin) makes the change theirs to make.
     */
    @Test
    void changingWhereStoredSecretsGoNeedsAdminOrTheSecretsReEntered() {
        String name = unique("secret-dest");
        String home = "http://127.0.0.1:9/mcp";
        String elsewhere = "http://127.0.0.1:10/collect";
        String operator = TestTokens.forUser("olga", "operator");
        given().auth().oauth2(TestTokens.admin()).contentType(ContentType.JSON)
                .body(Map.of("name", name, "transport", "streamable_http", "url", home, "headers",
                        Map.of("Authorization", "Bearer " + SECRET, "X-Trace", "on")))
                .post("/api/v1/tools").then().statusCode(201);
        try {
            given().auth().oauth2(operator).contentType(ContentType.JSON).body(Map.of("url", elsewhere))
                    .put("/api/v1/tools/" + name).then().statusCode(403).contentType("application/problem+json")
                    .body("errors.field", containsInAnyOrder("url", "headers.Authorization", "headers.X-Trace"));
            given().auth().oauth2(operator).contentType(ContentType.JSON).body(Map.of("transport", "sse"))
                    .put("/api/v1/tools/" + name).then().statusCode(403)
                    .body("errors.field", hasItem("transport"));
            // Sending the mask back keeps the secret: still a refusal, naming only the kept one.
            given().auth().oauth2(operator).contentType(ContentType.JSON)
                    .body(Map.of("url", elsewhere, "headers", Map.of("Authorization", "****", "X-Trace", "off")))
                    .put("/api/v1/tools/" + name).then().statusCode(403)
                    .body("errors.field", containsInAnyOrder("url", "headers.Authorization"));
            given().auth().oauth2(TestTokens.admin()).get("/api/v1/tools/" + name).then().statusCode(200)
                    .body("url", equalTo(home)).body("transport", equalTo("streamable_http"))
                    .header("ETag", equalTo("\"0\""));
            assertEquals("Bearer " + SECRET, storedHeader(name, "Authorization"));

            // What does not move a secret stays an operator's to change.
            given().auth().oauth2(operator).contentType(ContentType.JSON).body(Map.of("description", "mine"))
                    .put("/api/v1/tools/" + name).then().statusCode(200).body("headers.Authorization", equalTo("****"));
            // An admin may move it as it is.
            given().auth().oauth2(TestTokens.admin()).contentType(ContentType.JSON)
                    .body(Map.of("url", "http://127.0.0.1:11/mcp")).put("/api/v1/tools/" + name).then()
                    .statusCode(200).body("url", equalTo("http://127.0.0.1:11/mcp"));
            assertEquals("Bearer " + SECRET, storedHeader(name, "Authorization"));
            // An operator who re-enters every secret sends only what they set themselves.
            given().auth().oauth2(operator).contentType(ContentType.JSON)
                    .body(Map.of("url", elsewhere, "headers", Map.of("Authorization", "Bearer mine")))
                    .put("/api/v1/tools/" + name).then().statusCode(200).body("url", equalTo(elsewhere))
                    .body("headers.Authorization", equalTo("****")).body(not(containsString(SECRET)));
            assertEquals("Bearer mine", storedHeader(name, "Authorization"));
        } finally {
            given().auth().oauth2(TestTokens.admin()).delete("/api/v1/tools/" + name).then().statusCode(204);
        }
    }

    /** An operator may not widen who may use a tool they may not use themselves (and so its stored credentials). */
    @Test
    void onlyAdminsOrItsUsersChangeWhoMayUseATool() {
        String name = unique("admins-only");
        String operator = TestTokens.forUser("olga", "operator");
        given().auth().oauth2(TestTokens.admin()).contentType(ContentType.JSON)
                .body(Map.of("name", name, "transport", "streamable_http", "url", "http://127.0.0.1:9/mcp",
                        "allowed_roles", List.of("admin"), "headers", Map.of("Authorization", "Bearer " + SECRET)))
                .post("/api/v1/tools").then().statusCode(201);
        try {
            given().auth().oauth2(operator).contentType(ContentType.JSON)
                    .body(Map.of("allowed_roles", List.of("admin", "operator"))).put("/api/v1/tools/" + name).then()
                    .statusCode(403).contentType("application/problem+json")
                    .body("errors.field", contains("allowed_roles"));
            given().auth().oauth2(operator).contentType(ContentType.JSON).body(Map.of("description", "noted"))
                    .put("/api/v1/tools/" + name).then().statusCode(200).body("allowed_roles", contains("admin"));
            given().auth().oauth2(TestTokens.admin()).contentType(ContentType.JSON)
                    .body(Map.of("allowed_roles", List.of("operator"))).put("/api/v1/tools/" + name).then()
                    .statusCode(200);
            given().auth().oauth2(operator).contentType(ContentType.JSON)
                    .body(Map.of("allowed_roles", List.of("operator", "viewer"))).put("/api/v1/tools/" + name).then()
                    .statusCode(200).body("allowed_roles", contains("operator", "viewer"));
        } finally {
            given().auth().oauth2(TestTokens.admin()).delete("/api/v1/tools/" + name).then().statusCode(204);
        }
    }

    /** A header as stored (decrypted), read from the backup export as only a service may. */
    private String storedHeader(String tool, String header) {
        String encrypted = given().auth().oauth2(TestTokens.service()).get("/internal/export").then().statusCode(200)
                .extract().path("tools.find { it.name == '" + tool + "' }.headers." + header);
        return cipher.decrypt(encrypted);
    }

    /**
     * Issue 15 item 11: a remote tool may not point at a link-local (cloud metadata) or private address unless an
     * admin allow-listed it (the test profile allows 127.0.0.1 and localhost only): 422 naming url, for admins too.
     */
    @Test
    void remoteToolsMayNotTargetPrivateOrLinkLocalAddresses() {
        for (String url : List.of("http://169.254.169.254/latest/meta-data", "http://10.0.0.1:8080/mcp",
                "http://[fe80::1]:8080/mcp")) {
            for (String token : List.of(TestTokens.admin(), TestTokens.forUser("olga", "operator"))) {
                given().auth().oauth2(token).contentType(ContentType.JSON)
                        .body(Map.of("name", unique("ssrf"), "transport", "streamable_http", "url", url))
                        .post("/api/v1/tools").then().statusCode(422).contentType("application/problem+json")
                        .body("type", endsWith("/outbound-target-refused")).body("errors.field", contains("url"));
            }
        }
        String name = unique("ssrf-put");
        given().auth().oauth2(TestTokens.admin()).contentType(ContentType.JSON)
                .body(Map.of("name", name, "transport", "sse", "url", "http://127.0.0.1:9/sse"))
                .post("/api/v1/tools").then().statusCode(201);
        try {
            given().auth().oauth2(TestTokens.admin()).contentType(ContentType.JSON)
                    .body(Map.of("url", "http://169.254.169.254/sse")).put("/api/v1/tools/" + name).then()
                    .statusCode(422).body("errors.field", contains("url"));
            given().auth().oauth2(TestTokens.admin()).get("/api/v1/tools/" + name).then().statusCode(200)
                    .body("url", equalTo("http://127.0.0.1:9/sse")).header("ETag", equalTo("\"0\""));
        } finally {
            given().auth().oauth2(TestTokens.admin()).delete("/api/v1/tools/" + name).then().statusCode(204);
        }
    }

    /**
     * A target is checked again before every connection (a stored URL may predate the rule, come from a restore,
     * or its name resolve elsewhere now): the start fails with the platform's own reason, nothing from the target.
     */
    @Test
    void aStoredRefusedTargetIsNeverConnectedAndTheReasonReflectsNothingFromIt() {
        String name = unique("ssrf-start");
        given().auth().oauth2(TestTokens.admin()).contentType(ContentType.JSON)
                .body(Map.of("name", name, "transport", "streamable_http", "url", "http://127.0.0.1:9/mcp"))
                .post("/api/v1/tools").then().statusCode(201);
        try {
            pool.preparedQuery("update tools set url = $1 where name = $2")
                    .execute(Tuple.of("http://169.254.169.254/latest/meta-data", name))
                    .await().atMost(Duration.ofSeconds(10));
            given().auth().oauth2(TestTokens.admin()).post("/api/v1/tools/" + name + "/start").then().statusCode(202);
            String error = Tools.awaitState(name, "failed").getString("last_error");
            assertTrue(error.startsWith("refused: ") && error.contains("169.254.169.254")
                    && error.contains("outbound_allowed_targets"), error);
            assertFalse(error.contains("HTTP"), error);
        } finally {
            given().auth().oauth2(TestTokens.admin()).delete("/api/v1/tools/" + name).then().statusCode(204);
        }
    }

    @Test
    void invalidDefinitionsListEveryBadField() {
        given().auth().oauth2(TestTokens.admin()).contentType(ContentType.JSON)
                .body(Map.of("name", "Bad_Name", "transport", "carrier-pigeon", "max_concurrency", 0))
                .post("/api/v1/tools").then().statusCode(400).contentType("application/problem+json")
                .body("type", equalTo("https://mcps.one/problems/validation"))
                .body("errors.field", hasItem(containsString("name")))
                .body("errors.field", hasItem(containsString("transport")))
                .body("errors.field", hasItem(containsString("max_concurrency")));
        given().auth().oauth2(TestTokens.admin()).contentType(ContentType.JSON)
                .body(Map.of("name", "no-command", "transport", "stdio")).post("/api/v1/tools").then()
                .statusCode(400).body("errors.field", contains("command"));
        given().auth().oauth2(TestTokens.admin()).contentType(ContentType.JSON)
                .body(Map.of("transport", "streamable_http")).post("/api/v1/tools").then()
                .statusCode(400).body("errors.field", containsInAnyOrder("name", "url"));
        given().auth().oauth2(TestTokens.admin()).contentType(ContentType.JSON)
                .body(Map.of("name", "x".repeat(33), "transport", "sse", "url", "http://h/sse"))
                .post("/api/v1/tools").then().statusCode(400);
    }

    @Test
    void staleWritesAreRefusedWithConflict() {
        String name = unique("lock");
        given().auth().oauth2(TestTokens.admin()).contentType(ContentType.JSON).body(stdioTool(name))
                .post("/api/v1/tools").then().statusCode(201);

        given().auth().oauth2(TestTokens.admin()).contentType(ContentType.JSON).header("If-Match", "\"0\"")
                .body(Map.of("description", "first", "env", Map.of("API_TOKEN", "****", "EXTRA", "x")))
                .put("/api/v1/tools/" + name).then().statusCode(200).header("ETag", equalTo("\"1\""))
                .body("description", equalTo("first"))
                .body("env.API_TOKEN", equalTo("****")).body("env.EXTRA", equalTo("****"));

        given().auth().oauth2(TestTokens.admin()).contentType(ContentType.JSON).header("If-Match", "\"0\"")
                .body(Map.of("description", "second")).put("/api/v1/tools/" + name).then().statusCode(409)
                .contentType("application/problem+json");
        given().auth().oauth2(TestTokens.admin()).contentType(ContentType.JSON)
                .body(Map.of("description", "second", "version", 0)).put("/api/v1/tools/" + name).then()
                .statusCode(409);
        given().auth().oauth2(TestTokens.admin()).contentType(ContentType.JSON)
                .body(Map.of("description", "second", "version", 1)).put("/api/v1/tools/" + name).then()
                .statusCode(200).body("version", equalTo(2));
        given().auth().oauth2(TestTokens.forUser("olga", "operator")).contentType(ContentType.JSON)
                .body(Map.of("description", "operator")).put("/api/v1/tools/" + name).then().statusCode(403);
    }

    @Test
    void listPagesAndFilters() {
        String tag = unique("tag");
        for (int i = 0; i < 3; i++) {
            given().auth().oauth2(TestTokens.admin()).contentType(ContentType.JSON)
                    .body(Map.of("name", unique("page"), "transport", "streamable_http", "url",
                            "http://127.0.0.1:9/mcp", "tags", List.of(tag), "description", "paged " + tag))
                    .post("/api/v1/tools").then().statusCode(201);
        }
        given().auth().oauth2(TestTokens.forUser("vera", "viewer")).queryParam("tag", tag).queryParam("size", 2)
                .get("/api/v1/tools").then().statusCode(200)
                .body("total", equalTo(3)).body("items.size()", equalTo(2)).body("pages", equalTo(2));
        given().auth().oauth2(TestTokens.admin()).queryParam("tag", tag).queryParam("page", 2).queryParam("size", 2)
                .get("/api/v1/tools").then().statusCode(200).body("items.size()", equalTo(1));
        given().auth().oauth2(TestTokens.admin()).queryParam("search", "PAGED " + tag)
                .queryParam("transport", "streamable_http").queryParam("state", "stopped")
                .get("/api/v1/tools").then().statusCode(200).body("total", equalTo(3));
        given().auth().oauth2(TestTokens.admin()).queryParam("tag", tag).queryParam("transport", "stdio")
                .get("/api/v1/tools").then().statusCode(200).body("total", equalTo(0));
        given().auth().oauth2(TestTokens.admin()).queryParam("size", 101).get("/api/v1/tools").then()
                .statusCode(400).body("errors.field", contains("size"));
        given().auth().oauth2(TestTokens.admin()).queryParam("state", "sleeping").get("/api/v1/tools").then()
                .statusCode(400);
    }

    @Test
    void catalogTemplatesResolveToTheLocalInstall() {
        given().auth().oauth2(TestTokens.forUser("vera", "viewer")).get("/api/v1/tools/available").then()
                .statusCode(200)
                .body("template", hasItem("everything")).body("template", hasItem("memory"))
                .body("template", hasItem("filesystem")).body("template", hasItem("sequential-thinking"))
                .body("find { it.template == 'memory' }.installed", equalTo(true))
                .body("find { it.template == 'memory' }.definition.command",
                        endsWith("deploy/npm/node_modules/.bin/mcp-server-memory"));

        String name = unique("mem");
        given().auth().oauth2(TestTokens.admin()).contentType(ContentType.JSON)
                .body(Map.of("template", "memory", "name", name)).post("/api/v1/tools").then().statusCode(201)
                .body("transport", equalTo("stdio")).body("template", equalTo("memory"))
                .body("command", endsWith("/node_modules/.bin/mcp-server-memory"))
                .body("display_name", notNullValue());
        given().auth().oauth2(TestTokens.admin()).contentType(ContentType.JSON)
                .body(Map.of("template", "no-such-server", "name", unique("x"))).post("/api/v1/tools").then()
                .statusCode(400).body("errors.field", contains("template"));
    }

    @Test
    void renamingOntoATakenNameIsAConflictAndRuntimeChangesKeepTheVersion() {
        String name = unique("mine");
        String taken = unique("theirs");
        String renamed = unique("moved");
        for (String n : List.of(name, taken)) {
            given().auth().oauth2(TestTokens.admin()).contentType(ContentType.JSON)
                    .body(Map.of("name", n, "transport", "streamable_http", "url", "http://127.0.0.1:9/mcp"))
                    .post("/api/v1/tools").then().statusCode(201);
        }
        given().auth().oauth2(TestTokens.admin()).contentType(ContentType.JSON).header("If-Match", "\"0\"")
                .body(Map.of("name", taken, "description", "lost")).put("/api/v1/tools/" + name).then()
                .statusCode(409).contentType("application/problem+json").body("detail", containsString(taken));
        given().auth().oauth2(TestTokens.admin()).post("/api/v1/tools/" + name + "/stop").then().statusCode(202);
        given().auth().oauth2(TestTokens.admin()).get("/api/v1/tools/" + name).then().statusCode(200)
                .header("ETag", equalTo("\"0\"")).body("name", equalTo(name)).body("description", equalTo(null));

        given().auth().oauth2(TestTokens.admin()).contentType(ContentType.JSON).header("If-Match", "\"0\"")
                .body(Map.of("name", renamed)).put("/api/v1/tools/" + name).then().statusCode(200)
                .header("ETag", equalTo("\"1\""));
        given().auth().oauth2(TestTokens.admin()).get("/api/v1/tools/" + renamed).then().statusCode(200)
                .body("version", equalTo(1));
        given().auth().oauth2(TestTokens.admin()).get("/api/v1/tools/" + name).then().statusCode(404);
    }

    @Test
    void deleteRemovesTheTool() {
        String name = unique("gone");
        given().auth().oauth2(TestTokens.admin()).contentType(ContentType.JSON).body(stdioTool(name))
                .post("/api/v1/tools").then().statusCode(201);
        given().auth().oauth2(TestTokens.admin()).contentType(ContentType.JSON).body(stdioTool(name))
                .post("/api/v1/tools").then().statusCode(409);
        given().auth().oauth2(TestTokens.forUser("olga", "operator")).delete("/api/v1/tools/" + name).then()
                .statusCode(403);
        given().auth().oauth2(TestTokens.admin()).delete("/api/v1/tools/" + name).then().statusCode(204);
        given().auth().oauth2(TestTokens.admin()).get("/api/v1/tools/" + name).then().statusCode(404)
                .contentType("application/problem+json");
    }
}
